"""The dated parameters of the ПП 354 restriction procedure, with their sources.

The figures of the procedure — the threshold in monthly charges (п. 118), the 20
days from delivery of the warning (п. 119 «а»), the 10 days from restriction to
suspension (п. 119 «в»), the 2 days to resume (п. 120), the cap on the costs
charged to the debtor, and the moratoria that barred restriction — live in
``casework/data/restriction_rules.csv``, one row per value and validity range,
with the act, the page it was read from (``source``) and whether it was checked
(``verified``). Moratorium rows name an act of ``moratoria.csv``; its window is
read from there through :mod:`casework.rates`, so both tables agree.

Example:
    >>> rules = load_rules()
    >>> rules.on(date(2021, 7, 1)).warning_days
    20
"""

from __future__ import annotations

import csv
import enum
import functools
import itertools
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from casework.rates import DATA_DIR, covers, load_tables
from lexdesk.errors import DataError

logger = logging.getLogger(__name__)

RULES_FILE = "restriction_rules.csv"
PRICES_FILE = "restriction_prices.csv"


class Parameter(enum.StrEnum):
    """The parameters the table holds."""

    THRESHOLD_MONTHS = "threshold_months"
    WARNING_DAYS = "warning_days"
    SUSPENSION_AFTER_DAYS = "suspension_after_days"
    RESUMPTION_DAYS = "resumption_days"
    RESUMPTION_ON_AGREEMENT = "resumption_on_agreement"
    COST_CAP_RUB = "cost_cap_rub"
    MORATORIUM = "moratorium"


@dataclass(frozen=True)
class RuleRow:
    """One row of the table.

    Attributes:
        parameter: what the row sets.
        valid_from: first day it applies.
        valid_to: last day, or None until further notice.
        value: the value as written (a number, or an act's name for moratoria).
        act: the provision it comes from.
        source: where it was read.
        verified: whether it was checked against that source.
        note: how it is applied.
    """

    parameter: Parameter
    valid_from: date
    valid_to: date | None
    value: str
    act: str
    source: str
    verified: bool
    note: str


@dataclass(frozen=True)
class Window:
    """A closed range of days in which restriction is barred.

    Attributes:
        first: the first barred day.
        last: the last barred day.
        act: the act that bars it.
    """

    first: date
    last: date
    act: str

    def contains(self, day: date) -> bool:
        """Whether ``day`` is barred."""
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Parameters:
    """The values in force on one day.

    Attributes:
        day: the day.
        threshold_months: debt must exceed this many monthly charges by the norm.
        warning_days: days from delivery of the warning to pay.
        suspension_after_days: days of restriction before suspension.
        resumption_days: calendar days to resume after repayment.
        resumption_on_agreement: whether a signed agreement starts resumption.
        cost_cap: the most the debtor may be charged for restriction and
            resumption together, roubles.
    """

    day: date
    threshold_months: int
    warning_days: int
    suspension_after_days: int
    resumption_days: int
    resumption_on_agreement: bool
    cost_cap: Decimal


@dataclass(frozen=True)
class Price:
    """What one measure costs the supplier (charged to the debtor within the cap).

    Attributes:
        measure: the measure's value (see :class:`~casework.restriction.procedure.Measure`).
        valid_from: first day of the price.
        valid_to: last day, or None.
        price: roubles.
        source: where it comes from.
        verified: whether it was checked.
    """

    measure: str
    valid_from: date
    valid_to: date | None
    price: Decimal
    source: str
    verified: bool


@dataclass(frozen=True, eq=False)
class RestrictionRules:
    """The validated table; build it with :func:`load_rules`.

    Compared by identity, so that look-ups by day are cached per table.

    Attributes:
        rows: every row, by parameter then start.
        windows: the moratoria that bar restriction, oldest first.
        prices: the price of each measure over time.
    """

    rows: tuple[RuleRow, ...]
    windows: tuple[Window, ...]
    prices: tuple[Price, ...] = ()

    def price_of(self, measure: str, day: date) -> Decimal:
        """The price of ``measure`` on ``day`` (zero when the list has none)."""
        for price in self.prices:
            if price.measure == measure and covers(price, day):
                return price.price
        return Decimal("0.00")

    def row(self, parameter: Parameter, day: date) -> RuleRow:
        """The row of ``parameter`` in force on ``day``.

        Raises:
            DataError: no row covers the day (the table has a gap).
        """
        for row in self.rows:
            if row.parameter is parameter and covers(row, day):
                return row
        raise DataError(
            f"{RULES_FILE}: no {parameter.value} on {day.isoformat()}",
            user_message=(
                f"В таблице {RULES_FILE} нет значения {parameter.value} "
                f"на {day:%d.%m.%Y}"
            ),
        )

    def on(self, day: date) -> Parameters:
        """The values in force on ``day`` (cached: the queue asks per warning)."""
        return _parameters_on(self, day)

    def _compute_on(self, day: date) -> Parameters:

        def number(parameter: Parameter) -> int:
            return int(self.row(parameter, day).value)

        return Parameters(
            day=day,
            threshold_months=number(Parameter.THRESHOLD_MONTHS),
            warning_days=number(Parameter.WARNING_DAYS),
            suspension_after_days=number(Parameter.SUSPENSION_AFTER_DAYS),
            resumption_days=number(Parameter.RESUMPTION_DAYS),
            resumption_on_agreement=number(Parameter.RESUMPTION_ON_AGREEMENT) == 1,
            cost_cap=Decimal(self.row(Parameter.COST_CAP_RUB, day).value),
        )

    def window_on(self, day: date) -> Window | None:
        """The moratorium barring restriction on ``day``, if any."""
        if not self.windows or day < self.windows[0].first:
            return None
        for window in self.windows:
            if window.contains(day):
                return window
        return None

    def first_allowed(self, day: date) -> date:
        """``day``, or the day after the moratorium that covers it."""
        window = self.window_on(day)
        while window is not None:
            day = date.fromordinal(window.last.toordinal() + 1)
            window = self.window_on(day)
        return day


@functools.lru_cache(maxsize=8192)
def _parameters_on(rules: RestrictionRules, day: date) -> Parameters:
    return rules._compute_on(day)


@functools.lru_cache(maxsize=4)
def load_rules(folder: Path = DATA_DIR) -> RestrictionRules:
    """Load and validate ``restriction_rules.csv`` from ``folder``; cached.

    Raises:
        DataError: the file is missing or malformed, two rows of a parameter
            overlap, or a moratorium names an act ``moratoria.csv`` lacks.
    """
    path = folder / RULES_FILE
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    except OSError as error:
        raise DataError(
            f"cannot read {path}: {error}",
            user_message=f"Не удалось прочитать таблицу {RULES_FILE}",
        ) from error
    rows = []
    for line, record in enumerate(records, start=2):
        try:
            rows.append(_row(record))
        except (KeyError, ValueError, InvalidOperation) as error:
            raise DataError(
                f"{RULES_FILE} line {line}: {error!r}",
                user_message=f"Ошибка в таблице {RULES_FILE}, строка {line}",
            ) from error
    rows.sort(key=lambda r: (r.parameter.value, r.valid_from))
    _check_overlaps(rows)
    windows = _windows(rows, folder)
    prices = _prices(folder / PRICES_FILE)
    unverified = sum(not row.verified for row in rows)
    logger.info("loaded %d restriction rules, %d unverified", len(rows), unverified)
    return RestrictionRules(tuple(rows), windows, prices)


def _prices(path: Path) -> tuple[Price, ...]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    except OSError as error:
        raise DataError(
            f"cannot read {path}: {error}",
            user_message=f"Не удалось прочитать таблицу {PRICES_FILE}",
        ) from error
    prices = []
    for line, record in enumerate(records, start=2):
        try:
            valid_to = record["valid_to"].strip()
            price = Price(
                record["measure"].strip(),
                date.fromisoformat(record["valid_from"].strip()),
                date.fromisoformat(valid_to) if valid_to else None,
                Decimal(record["price_rub"].strip()),
                record["source"],
                record["verified"].strip().lower() == "yes",
            )
        except (KeyError, ValueError, InvalidOperation) as error:
            raise DataError(
                f"{PRICES_FILE} line {line}: {error!r}",
                user_message=f"Ошибка в таблице {PRICES_FILE}, строка {line}",
            ) from error
        if price.price < 0:
            raise DataError(
                f"{PRICES_FILE} line {line}: negative price",
                user_message=f"Ошибка в таблице {PRICES_FILE}, строка {line}",
            )
        prices.append(price)
    return tuple(prices)


def _row(record: dict[str, str]) -> RuleRow:
    parameter = Parameter(record["parameter"].strip())
    value = record["value"].strip()
    if parameter is not Parameter.MORATORIUM and Decimal(value) < 0:
        raise ValueError(f"negative value {value!r}")
    verified = record["verified"].strip().lower()
    if verified not in {"yes", "no"}:
        raise ValueError(f"verified must be yes or no, got {verified!r}")
    valid_to = record["valid_to"].strip()
    return RuleRow(
        parameter,
        date.fromisoformat(record["valid_from"].strip()),
        date.fromisoformat(valid_to) if valid_to else None,
        value,
        record["act"],
        record["source"],
        verified == "yes",
        record["note"],
    )


def _check_overlaps(rows: list[RuleRow]) -> None:
    for row in rows:
        if row.valid_to is not None and row.valid_to < row.valid_from:
            raise _range_error(row, "ends before it starts")
    for previous, row in itertools.pairwise(rows):
        if previous.parameter is not row.parameter:
            continue
        if previous.valid_to is None or previous.valid_to >= row.valid_from:
            raise _range_error(row, "overlaps the previous row")


def _range_error(row: RuleRow, what: str) -> DataError:
    return DataError(
        f"{RULES_FILE}: {row.parameter.value} from {row.valid_from} {what}",
        user_message=(
            f"Таблица {RULES_FILE}: {row.parameter.value} с {row.valid_from:%d.%m.%Y}"
            " — пересечение периодов"
        ),
    )


def _windows(rows: list[RuleRow], folder: Path) -> tuple[Window, ...]:
    moratoria = {m.act: m for m in load_tables(folder).moratoria}
    windows = []
    for row in rows:
        if row.parameter is not Parameter.MORATORIUM:
            continue
        found = moratoria.get(row.value)
        if found is None or found.valid_to is None:
            raise DataError(
                f"{RULES_FILE}: moratorium {row.value!r} not in moratoria.csv",
                user_message=(
                    f"Мораторий «{row.value}» из {RULES_FILE} не найден в "
                    "moratoria.csv или не имеет даты окончания"
                ),
            )
        if (found.valid_from, found.valid_to) != (row.valid_from, row.valid_to):
            raise _range_error(row, "differs from moratoria.csv")
        windows.append(Window(found.valid_from, found.valid_to, found.act))
    return tuple(sorted(windows, key=lambda w: w.first))
