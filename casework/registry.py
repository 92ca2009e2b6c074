"""Import of billing registries: validate every row, apply a file whole or not at all.

The contract (README, «Реестры»): five registry kinds (:class:`RegistryKind`),
each a CSV (UTF-8, UTF-16 with a BOM, cp1251, KOI8-R or CP866; ``,`` or ``;``)
or XLSX file whose first row names the columns; names are matched without
regard to case, and a mapping file may rename a billing system's own names.
Amounts are roubles with at most two decimals (``1234.56``, ``1 234,56``) up to
:data:`MAX_AMOUNT` by absolute value; dates are ``YYYY-MM-DD`` or
``DD.MM.YYYY`` and periods ``YYYY-MM``, within 1990-01-01..2100-12-31
(:mod:`casework.periods`). Every row has as many fields as the header.

An import is idempotent. A file whose bytes were imported before (same SHA-256)
is skipped whole; a row whose natural key is already stored is skipped (accounts
are master data: a changed account is updated). A file with any bad row is not
applied at all: the report lists every bad row with the file, line, column,
value and the reason in Russian.

Example::

    reports = import_files(database, RegistryKind.PAYMENTS, [Path("pay.csv")])
    for report in reports:
        print(report.status, report.written, len(report.errors))
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from casework.models import (
    KOPECK,
    REGISTRY_TABLES,
    CaseKind,
    Category,
    CourtCase,
    DebtorAccount,
    DebtorEvent,
    EventKind,
    ImportBatch,
    InstallmentAgreement,
    Meter,
    PaymentChannel,
    RegistryKind,
)
from casework.periods import MONTH_SPAN_RU, SPAN_RU, is_in_span, is_month_in_span
from casework.registry_formats import Table, read_table, rename_header
from casework.reports import plural
from lexdesk.database import Database, utc_now
from lexdesk.errors import DataError
from nlp.case_numbers import UID_RE

logger = logging.getLogger(__name__)

# Rows validated and written together: large enough for fast executemany, small
# enough that a 1.2-million-row file never sits whole in memory.
CHUNK_ROWS = 20_000
# Bad rows listed in a report; the count of all of them is always given.
MAX_LISTED_ERRORS = 200
# Months of an installment agreement whose event does not state them (the
# department's usual agreement).
DEFAULT_INSTALLMENT_MONTHS = 6
# The longest installment agreement accepted: the department signs up to three
# years; a larger number in ``details`` is a typing mistake.
MAX_INSTALLMENT_MONTHS = 60
# The largest amount accepted, by absolute value: a trillion roubles is far
# above any household's or company's debt for electricity, and far below the
# kopeck counts a 64-bit column holds (9.2e18).
MAX_AMOUNT = Decimal("1000000000000")
MAX_AMOUNT_RU = "1 000 000 000 000"

# An amount of roubles: «1234.56», «-15,5», «1 234 567,89» (spaces, no-break
# spaces or apostrophes between thousands), at most two decimals.
_AMOUNT_RE = re.compile(r"[+-]?\d+(?:[.,]\d{1,2})?")
_THOUSANDS_RE = re.compile(r"(?<=\d)[ \u00a0\u202f']+(?=\d{3}(?:\D|$))")
# A date: ISO «2021-07-15» or Russian «15.07.2021».
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_RU_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# A billing period: «2021-07» or «07.2021».
_PERIOD_RE = re.compile(r"(\d{4})-(\d{2})|(\d{1,2})\.(\d{4})")
# A personal account number: digits, Latin or Cyrillic letters, «-» and «/»,
# e.g. «3100012345» or «ЛС-77/0042».
_ACCOUNT_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁё/-]{1,32}")
# An e-mail address, loosely: «ivanov@mail.ru».
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# A phone number: digits with the usual punctuation, «+7 (472) 123-45-67».
_PHONE_RE = re.compile(r"\+?[\d ()-]{5,25}")
# The longest e-mail address stored (the column's width).
MAX_EMAIL_LENGTH = 200
# The first whole number in a text: the months of an installment («6 мес.»).
_NUMBER_RE = re.compile(r"\d+")


class ImportStatus(enum.StrEnum):
    """What became of one file."""

    APPLIED = "applied"  # validated and written (new rows may be zero)
    ALREADY_IMPORTED = "already_imported"  # the same bytes were imported before
    REJECTED = "rejected"  # bad rows or header: nothing written


@dataclass(frozen=True)
class RowError:
    """A bad row (or header) of a registry file.

    Attributes:
        file: the file name.
        line: the line of the file (the spreadsheet row for XLSX), 1 = header.
        column: the column as the file names it ("" when the row as a whole is bad).
        value: the offending value, truncated to 60 characters.
        reason: what is wrong and what is allowed, in Russian.
    """

    file: str
    line: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class FileReport:
    """The outcome of importing one file.

    Attributes:
        file: the file name.
        kind: the registry kind.
        status: applied, already imported or rejected.
        sha256: the SHA-256 of the file's bytes.
        rows: data rows read.
        written: rows that were new or changed (0 unless applied).
        errors: the bad rows (at most :data:`MAX_LISTED_ERRORS` listed).
        error_count: the number of errors found, listed or not (a row may have
            several).
        batch_id: the import batch, when applied or already imported.
        format: ``csv`` or ``xlsx`` (empty when unreadable).
        encoding: a CSV's encoding.
    """

    file: str
    kind: RegistryKind
    status: ImportStatus
    sha256: str
    rows: int = 0
    written: int = 0
    errors: tuple[RowError, ...] = ()
    error_count: int = 0
    batch_id: int | None = None
    format: str = ""
    encoding: str | None = None

    @property
    def skipped(self) -> int:
        """Rows of an applied file that were already stored (or repeated)."""
        return self.rows - self.written if self.status is ImportStatus.APPLIED else 0


# Field parsers. Each raises ValueError with the reason in Russian; pydantic
# carries it into the row error.


def parse_amount(value: object) -> Decimal:
    """Read roubles as an exact Decimal to the kopeck («1 234,56» → 1234.56).

    Amounts above :data:`MAX_AMOUNT` by absolute value are refused.
    """
    text = _THOUSANDS_RE.sub("", str(value).strip())
    if not _AMOUNT_RE.fullmatch(text):
        raise ValueError(
            "не сумма: ожидается число рублей, не более двух знаков после запятой, "
            "например 1234.56"
        )
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(
            "не сумма: ожидается число рублей, например 1234.56"
        ) from error
    if abs(amount) > MAX_AMOUNT:
        raise ValueError(
            f"слишком большая сумма: допустимо не более {MAX_AMOUNT_RU} руб. по модулю"
        )
    return amount.quantize(KOPECK)


def parse_date(value: object) -> dt.date:
    """Read a date written ``YYYY-MM-DD`` or ``DD.MM.YYYY`` within the span.

    Dates outside :data:`casework.periods.FIRST_DAY`..``LAST_DAY`` are refused.
    """
    day = value if isinstance(value, dt.date) else _read_date(str(value).strip())
    if not is_in_span(day):
        raise ValueError(f"дата вне допустимого диапазона: {SPAN_RU}")
    return day


def _read_date(text: str) -> dt.date:
    try:
        if match := _ISO_DATE_RE.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _RU_DATE_RE.fullmatch(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise ValueError("нет такой даты в календаре") from None
    raise ValueError("не дата: ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def parse_period(value: object) -> str:
    """Read a billing month written ``YYYY-MM`` or ``MM.YYYY``; return ``YYYY-MM``."""
    text = str(value).strip()
    match = _PERIOD_RE.fullmatch(text)
    if match is None:
        raise ValueError("не период: ожидается месяц в виде ГГГГ-ММ, например 2021-07")
    year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
    if not 1 <= int(month) <= 12:
        raise ValueError("нет такого месяца: ожидается ГГГГ-ММ, месяц от 01 до 12")
    if not is_month_in_span(int(year), int(month)):
        raise ValueError(f"период вне допустимого диапазона: {MONTH_SPAN_RU}")
    return f"{int(year):04d}-{int(month):02d}"


def _pattern(regex: re.Pattern[str], reason: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = str(value).strip()
        if not regex.fullmatch(text):
            raise ValueError(reason)
        return text

    return check


def _at_most(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(f"слишком длинно: не более {limit} символов")
    return text


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _empty_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Amount = Annotated[Decimal, BeforeValidator(parse_amount)]
DateValue = Annotated[dt.date, BeforeValidator(parse_date)]
Account = Annotated[
    str,
    BeforeValidator(
        _pattern(
            _ACCOUNT_RE,
            "не номер лицевого счёта: до 32 цифр, букв, «-» или «/»",
        )
    ),
]
Text = Annotated[str, BeforeValidator(lambda value: str(value).strip())]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AccountRow(_Row):
    """A row of the ``accounts`` registry."""

    account: Account
    full_name: Annotated[Text, Field(min_length=1, max_length=300)]
    address: Annotated[Text, Field(min_length=1, max_length=500)]
    category: Annotated[Category, BeforeValidator(_lower)]
    meter: Annotated[Meter, BeforeValidator(_lower)]
    norm_monthly_charge: Annotated[Amount, Field(ge=0)]
    phone: Annotated[
        str | None,
        BeforeValidator(_empty_to_none),
        BeforeValidator(
            lambda v: v if v is None else _pattern(_PHONE_RE, "не номер телефона")(v)
        ),
    ] = None
    email: Annotated[
        str | None,
        BeforeValidator(_empty_to_none),
        BeforeValidator(
            lambda v: v if v is None else _pattern(_EMAIL_RE, "не адрес e-mail")(v)
        ),
        AfterValidator(lambda v: v if v is None else _at_most(v, MAX_EMAIL_LENGTH)),
    ] = None


class BalanceRow(_Row):
    """A row of the ``balances`` registry."""

    account: Account
    as_of: DateValue
    debt: Amount
    overdue_debt: Amount


class ChargeRow(_Row):
    """A row of the ``charges`` registry."""

    account: Account
    period: Annotated[str, BeforeValidator(parse_period)]
    amount: Amount
    due_date: Annotated[
        dt.date | None,
        BeforeValidator(_empty_to_none),
        BeforeValidator(lambda v: v if v is None else parse_date(v)),
    ] = None


class PaymentRow(_Row):
    """A row of the ``payments`` registry."""

    account: Account
    paid_on: DateValue
    amount: Annotated[Amount, Field(gt=0)]
    channel: Annotated[PaymentChannel, BeforeValidator(_lower)]
    ref: Annotated[Text, Field(max_length=64)] = ""


class EventRow(_Row):
    """A row of the ``events`` registry."""

    account: Account
    date: DateValue
    event: Annotated[EventKind, BeforeValidator(_lower)]
    amount: Annotated[
        Decimal | None,
        BeforeValidator(_empty_to_none),
        BeforeValidator(lambda v: v if v is None else parse_amount(v)),
    ] = None
    ref: Annotated[Text, Field(max_length=64)] = ""
    details: Annotated[Text, Field(max_length=2000)] = ""

    @field_validator("details")
    @classmethod
    def _check_installment_months(cls, details: str, info: ValidationInfo) -> str:
        """The months an ``installment_signed`` event names must be 1..60."""
        if info.data.get("event") is EventKind.INSTALLMENT_SIGNED:
            months = installment_months(details)
            if not 1 <= months <= MAX_INSTALLMENT_MONTHS:
                raise ValueError(
                    "срок рассрочки вне допустимого: от 1 до "
                    f"{MAX_INSTALLMENT_MONTHS} месяцев, например «6 мес.»"
                )
        return details


def installment_months(details: str) -> int:
    """The months of an installment agreement its event's ``details`` name.

    The first whole number is the months («6 мес.»); without one the agreement
    runs :data:`DEFAULT_INSTALLMENT_MONTHS`.
    """
    found = _NUMBER_RE.search(details)
    return int(found[0]) if found else DEFAULT_INSTALLMENT_MONTHS


ROW_MODELS: dict[RegistryKind, type[_Row]] = {
    RegistryKind.ACCOUNTS: AccountRow,
    RegistryKind.BALANCES: BalanceRow,
    RegistryKind.CHARGES: ChargeRow,
    RegistryKind.PAYMENTS: PaymentRow,
    RegistryKind.EVENTS: EventRow,
}

# The columns each registry must have, and may have.
REQUIRED_COLUMNS: dict[RegistryKind, tuple[str, ...]] = {
    kind: tuple(name for name, info in model.model_fields.items() if info.is_required())
    for kind, model in ROW_MODELS.items()
}
OPTIONAL_COLUMNS: dict[RegistryKind, tuple[str, ...]] = {
    kind: tuple(
        name for name, info in model.model_fields.items() if not info.is_required()
    )
    for kind, model in ROW_MODELS.items()
}

_ADAPTERS: dict[RegistryKind, TypeAdapter[list[Any]]] = {
    kind: TypeAdapter(list[model])  # type: ignore[valid-type]
    for kind, model in ROW_MODELS.items()
}


def import_files(
    database: Database,
    kind: RegistryKind,
    paths: Sequence[Path],
    *,
    mapping: Mapping[str, Mapping[str, str]] | None = None,
    user: str | None = None,
) -> list[FileReport]:
    """Import registry files of one kind, each whole or not at all.

    Args:
        database: the casework store.
        kind: the registry the files belong to.
        paths: the files, imported in this order.
        mapping: header renames from :func:`~casework.registry_formats.load_mapping`.
        user: who imports (recorded in the batch).

    Returns:
        One report per file.

    Raises:
        DataError: a file cannot be read from disk.
        InfrastructureError: the store failed.
    """
    reports = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise DataError(
                f"cannot read registry file {path.name}: {error.strerror}",
                user_message=f"Не удалось прочитать файл {path}: {error.strerror}.",
            ) from error
        reports.append(
            import_bytes(
                database, kind, data, name=path.name, mapping=mapping, user=user
            )
        )
    return reports


def import_bytes(
    database: Database,
    kind: RegistryKind,
    data: bytes,
    *,
    name: str,
    mapping: Mapping[str, Mapping[str, str]] | None = None,
    user: str | None = None,
) -> FileReport:
    """Import one registry file given as bytes (an upload); see :func:`import_files`."""
    sha256 = hashlib.sha256(data).hexdigest()
    with database.session() as session:
        known = session.scalar(
            select(ImportBatch).where(
                ImportBatch.kind == kind, ImportBatch.sha256 == sha256
            )
        )
        if known is not None:
            logger.info(
                "registry %s: file already imported as batch %d", kind, known.id
            )
            return FileReport(
                name,
                kind,
                ImportStatus.ALREADY_IMPORTED,
                sha256,
                rows=known.rows,
                batch_id=known.id,
            )
    try:
        table = read_table(data, name=name)
    except DataError as error:
        bad = RowError(name, 1, "", "", error.user_message)
        return FileReport(
            name, kind, ImportStatus.REJECTED, sha256, errors=(bad,), error_count=1
        )
    with database.session() as session:
        report = _import_table(
            session,
            kind,
            table,
            name=name,
            sha256=sha256,
            mapping=mapping or {},
            user=user,
        )
        if report.status is ImportStatus.REJECTED:
            session.rollback()
    logger.info(
        "registry %s: %s, %d rows, %d written, %d bad",
        kind,
        report.status,
        report.rows,
        report.written,
        report.error_count,
    )
    return report


def _import_table(
    session: Session,
    kind: RegistryKind,
    table: Table,
    *,
    name: str,
    sha256: str,
    mapping: Mapping[str, Mapping[str, str]],
    user: str | None,
) -> FileReport:
    """Validate and write one table inside the caller's transaction."""
    columns = rename_header(table.header, mapping, kind.value)

    def report(status: ImportStatus, **counts: Any) -> FileReport:
        return FileReport(
            name,
            kind,
            status,
            sha256,
            format=table.format,
            encoding=table.encoding,
            **counts,
        )

    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in columns]
    if missing:
        header_errors = tuple(
            RowError(
                name,
                table.header_line,
                column,
                "",
                f"нет обязательной колонки «{column}»; колонки файла: "
                f"{', '.join(table.header)}",
            )
            for column in missing
        )
        return report(
            ImportStatus.REJECTED,
            errors=header_errors,
            error_count=len(header_errors),
        )

    batch = ImportBatch(
        kind=kind,
        file_name=name[:255],
        sha256=sha256,
        rows=0,
        written=0,
        imported_at=utc_now(),
        imported_by=user,
    )
    session.add(batch)
    session.flush()
    writer = _Writer(session, kind, batch.id)
    wanted = set(REQUIRED_COLUMNS[kind]) | set(OPTIONAL_COLUMNS[kind])
    positions = [(i, column) for i, column in enumerate(columns) if column in wanted]
    shown = {column: table.header[i] for i, column in positions}
    errors: list[RowError] = []
    error_count = 0
    rows = 0
    for whole_chunk in _chunks(table.rows):
        rows += len(whole_chunk)
        shape_errors = _field_count_errors(whole_chunk, table, name=name)
        wrong_lines = {error.line for error in shape_errors}
        chunk = [row for row in whole_chunk if row[0] not in wrong_lines]
        # Empty cells are left out: an optional column takes its default, a
        # required one is reported as not filled.
        records = [
            {
                column: cells[i]
                for i, column in positions
                if i < len(cells) and cells[i] and not cells[i].isspace()
            }
            for _, cells in chunk
        ]
        valid, bad = _validate(kind, records, chunk, name=name, shown=shown)
        bad += writer.check_accounts(records, chunk, name=name, shown=shown)
        bad += shape_errors
        bad.sort(key=lambda error: error.line)
        error_count += len(bad)
        errors.extend(bad[: MAX_LISTED_ERRORS - len(errors)])
        if error_count == 0:
            writer.write(valid, [line for line, _ in chunk])
    if error_count:
        return report(
            ImportStatus.REJECTED,
            rows=rows,
            errors=tuple(errors),
            error_count=error_count,
        )

    written = writer.finish()
    batch.rows = rows
    batch.written = written
    return report(ImportStatus.APPLIED, rows=rows, written=written, batch_id=batch.id)


def _field_count_errors(
    chunk: Sequence[tuple[int, list[str]]], table: Table, *, name: str
) -> list[RowError]:
    """Rows with more or fewer fields than the header.

    Such a row would be read with its values under the wrong columns, so it is
    reported as a whole. A spreadsheet row may be shorter (its last cells are
    empty), never longer.
    """
    expected = len(table.header)
    errors = []
    for line, cells in chunk:
        count = len(cells)
        if table.format != "csv":
            filled = [i for i, cell in enumerate(cells) if cell and not cell.isspace()]
            count = filled[-1] + 1 if filled else 0
            if count <= expected:
                continue
        if count != expected:
            fields = plural(count, ("поле", "поля", "полей"))
            reason = (
                f"в строке {count} {fields}, а в заголовке {expected}: "
                "проверьте разделители и кавычки"
            )
            errors.append(RowError(name, line, "", "", reason))
    return errors


def _chunks(
    rows: Iterator[tuple[int, list[str]]],
) -> Iterator[list[tuple[int, list[str]]]]:
    chunk: list[tuple[int, list[str]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _validate(
    kind: RegistryKind,
    records: list[dict[str, str]],
    chunk: list[tuple[int, list[str]]],
    *,
    name: str,
    shown: Mapping[str, str],
) -> tuple[list[Any], list[RowError]]:
    """Validate a chunk of rows; return the valid models and the row errors."""
    try:
        return _ADAPTERS[kind].validate_python(records), []
    except ValidationError as failure:
        errors = []
        for item in failure.errors(include_url=False):
            index, *rest = item["loc"]
            column = str(rest[0]) if rest else ""
            line = chunk[int(index)][0]
            value = records[int(index)].get(column, "")
            errors.append(
                RowError(
                    name, line, shown.get(column, column), value[:60], _reason_ru(item)
                )
            )
        errors.sort(key=lambda error: error.line)
        return [], errors


def _reason_ru(item: Mapping[str, Any]) -> str:
    """The Russian reason of one pydantic error, with the limit it broke."""
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind in {"value_error", "assertion_error"}:
        return str(context.get("error", item["msg"]))
    if kind == "missing":
        return "не заполнено обязательное поле"
    if kind == "enum":
        allowed = str(context.get("expected", "")).replace(" or ", ", ")
        return f"недопустимое значение; допустимы: {allowed}"
    if kind in {"string_too_short", "too_short"}:
        shortest = context.get("min_length", 1)
        if shortest == 1:
            return "пустое значение: поле должно быть заполнено"
        return f"слишком коротко: не менее {shortest} символов"
    if kind in {"string_too_long", "too_long"}:
        return f"слишком длинно: не более {context.get('max_length')} символов"
    if kind in _BOUND_RU:
        sign, key = _BOUND_RU[kind]
        return f"должно быть {sign} {context.get(key)}"
    logger.debug("registry row error of an unexpected type %s", kind)
    return "недопустимое значение"


# Pydantic's bound errors: type → (the Russian condition, the context key).
_BOUND_RU = {
    "greater_than": ("больше", "gt"),
    "greater_than_equal": ("не меньше", "ge"),
    "less_than": ("меньше", "lt"),
    "less_than_equal": ("не больше", "le"),
}


class _Writer:
    """Writes validated rows of one batch; knows each kind's natural key."""

    def __init__(self, session: Session, kind: RegistryKind, batch_id: int) -> None:
        self.session = session
        self.kind = kind
        self.batch_id = batch_id
        self.table = REGISTRY_TABLES[kind]
        self.dialect = session.get_bind().dialect.name
        self._accounts: set[str] | None = None

    def check_accounts(
        self,
        records: Sequence[Mapping[str, str]],
        chunk: list[tuple[int, list[str]]],
        *,
        name: str,
        shown: Mapping[str, str],
    ) -> list[RowError]:
        """Rows naming an account that is not in the accounts registry."""
        if self.kind is RegistryKind.ACCOUNTS or not records:
            return []
        if self._accounts is None:
            self._accounts = set(self.session.scalars(select(DebtorAccount.account)))
        known = self._accounts
        return [
            RowError(
                name,
                line,
                shown["account"],
                account[:60],
                "лицевой счёт не найден в реестре абонентов (accounts): "
                "загрузите сначала его",
            )
            for (line, _), record in zip(chunk, records, strict=True)
            if (account := record.get("account", "").strip()) and account not in known
        ]

    def write(self, rows: Sequence[Any], lines: Sequence[int]) -> None:
        """Insert a chunk; rows whose natural key is stored are skipped."""
        values = [
            {**row.__dict__, "batch_id": self.batch_id, "line": line}
            for row, line in zip(rows, lines, strict=True)
        ]
        if not values:
            return
        insert = (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(
            self.table
        )
        if self.kind is RegistryKind.ACCOUNTS:
            changing = [c for c in values[0] if c not in {"account"}]
            facts = [c for c in changing if c not in {"batch_id", "line"}]
            statement = insert.on_conflict_do_update(
                index_elements=["account"],
                set_={c: insert.excluded[c] for c in changing},
                where=_any_differs(self.table, insert.excluded, facts),
            )
        else:
            statement = insert.on_conflict_do_nothing()
        self.session.execute(statement, values)

    def finish(self) -> int:
        """Count the rows this batch wrote; derive cases and agreements from events."""
        column = self.table.c.batch_id
        written = (
            self.session.scalar(
                select(func.count())
                .select_from(self.table)
                .where(column == self.batch_id)
            )
            or 0
        )
        if self.kind is RegistryKind.EVENTS:
            derive_cases(self.session, batch_id=self.batch_id)
        return written


def _any_differs(table: Any, excluded: Any, columns: Sequence[str]) -> Any:
    return or_(*(table.c[c].is_distinct_from(excluded[c]) for c in columns))


def derive_cases(session: Session, *, batch_id: int) -> tuple[int, int]:
    """Make court cases and installment agreements from one batch's events.

    An ``order_filed`` or ``lawsuit_filed`` event with a case number in ``ref``
    opens a case (its УИД is read from ``details`` when given); an
    ``installment_signed`` event with the agreement number in ``ref`` and the
    total in ``amount`` makes an agreement of the months named in ``details``
    (default :data:`DEFAULT_INSTALLMENT_MONTHS`).

    Returns:
        (cases made, agreements made).
    """
    events = session.scalars(
        select(DebtorEvent)
        .where(
            DebtorEvent.batch_id == batch_id,
            DebtorEvent.event.in_(
                [
                    EventKind.ORDER_FILED,
                    EventKind.LAWSUIT_FILED,
                    EventKind.INSTALLMENT_SIGNED,
                ]
            ),
            DebtorEvent.ref != "",
        )
        .order_by(DebtorEvent.date, DebtorEvent.id)
    ).all()
    case_numbers = set(session.scalars(select(CourtCase.number)))
    agreement_numbers = set(session.scalars(select(InstallmentAgreement.number)))
    cases = agreements = 0
    for event in events:
        if event.event is EventKind.INSTALLMENT_SIGNED:
            if event.ref in agreement_numbers or event.amount is None:
                continue
            session.add(
                InstallmentAgreement(
                    account=event.account,
                    number=event.ref,
                    signed_on=event.date,
                    total=event.amount,
                    months=installment_months(event.details),
                )
            )
            agreement_numbers.add(event.ref)
            agreements += 1
        elif event.ref not in case_numbers:
            uid = UID_RE.search(event.details)
            session.add(
                CourtCase(
                    account=event.account,
                    number=event.ref,
                    uid=uid[0].upper() if uid else None,
                    kind=CaseKind.COURT_ORDER
                    if event.event is EventKind.ORDER_FILED
                    else CaseKind.LAWSUIT,
                    filed_on=event.date,
                    claimed=event.amount,
                )
            )
            case_numbers.add(event.ref)
            cases += 1
    session.flush()
    return cases, agreements


@dataclass(frozen=True)
class Provenance:
    """Where a stored registry row came from.

    Attributes:
        kind: its registry.
        row_id: its id in its table.
        file: the file name.
        line: its line in the file.
        sha256: the file's hash.
    """

    kind: RegistryKind
    row_id: int
    file: str
    line: int
    sha256: str


def trace_rows(
    session: Session, kind: RegistryKind, row_ids: Sequence[int]
) -> list[Provenance]:
    """Return the file and line of each stored row (the trail of a report figure).

    Args:
        session: an open session.
        kind: the registry of the rows (not ``accounts``, whose key is the account).
        row_ids: the ids, as a report figure lists them.
    """
    table = REGISTRY_TABLES[kind]
    key = table.c.id
    found = session.execute(
        select(key, table.c.line, ImportBatch.file_name, ImportBatch.sha256)
        .join(ImportBatch, ImportBatch.id == table.c.batch_id)
        .where(key.in_(list(row_ids)))
        .order_by(table.c.batch_id, table.c.line)
    ).all()
    return [
        Provenance(kind, row_id, file, line, sha) for row_id, line, file, sha in found
    ]


@dataclass(frozen=True)
class ContractColumn:
    """One column of the registry contract, for the README and the API."""

    kind: RegistryKind
    name: str
    required: bool


def contract() -> list[ContractColumn]:
    """Return every column of every registry, required ones first."""
    columns = []
    for kind in RegistryKind:
        columns += [ContractColumn(kind, name, True) for name in REQUIRED_COLUMNS[kind]]
        columns += [
            ContractColumn(kind, name, False) for name in OPTIONAL_COLUMNS[kind]
        ]
    return columns
