"""Dated rate tables of claims work: key rate, penalty cap, moratoria, due dates, duty.

Every figure that changes with time lives in a CSV file under ``casework/data/``
with its validity range, the act or page it comes from (``source``) and whether it
was checked against that source (``verified``). This module loads the files once,
validates them (a malformed row or two rows whose ranges overlap is a
:class:`~lexdesk.errors.DataError`) and answers look-ups by date.

Ranges are closed on both ends: ``valid_from <= day <= valid_to``; an empty
``valid_to`` means "until further notice". Charge periods in ``due_dates.csv`` are
months written ``YYYY-MM``.

Example:
    >>> tables = load_tables()
    >>> tables.key_rate_on(date(2021, 6, 15)).rate
    Decimal('5.50')
"""

from __future__ import annotations

import csv
import enum
import functools
import itertools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol, TypeVar

from lexdesk.errors import DataError, UserInputError

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"


class Court(enum.Enum):
    """Which duty article applies: general courts (333.19) or arbitration (333.21)."""

    GENERAL = "general"
    ARBITRATION = "arbitration"


@dataclass(frozen=True)
class KeyRate:
    """Bank of Russia key rate in force over a date range.

    Attributes:
        valid_from: first day the rate is in force.
        valid_to: last day, or None while it is the current rate.
        rate: percent per annum, e.g. ``Decimal("16.00")``.
        source: the Bank of Russia decision and where it was read.
        verified: whether the value was checked against a source.
    """

    valid_from: date
    valid_to: date | None
    rate: Decimal
    source: str
    verified: bool


@dataclass(frozen=True)
class PenaltyCap:
    """Upper limit of the key rate used for utility-debt penalties (ПП 474 and sequels).

    Attributes:
        valid_from: first day whose rate is capped.
        valid_to: last such day, or None.
        cap: the highest rate allowed, percent per annum (9.50 = rate of 27.02.2022).
        act: the government decree, e.g. «ПП РФ от 26.03.2022 № 474».
        source: where it was read.
        verified: whether it was checked.
        note: how the wording is applied.
    """

    valid_from: date
    valid_to: date | None
    cap: Decimal
    act: str
    source: str
    verified: bool
    note: str


@dataclass(frozen=True)
class Moratorium:
    """A window in which no penalty accrues.

    Attributes:
        valid_from: first day without penalty.
        valid_to: last day without penalty.
        act: the decree, e.g. «ПП РФ от 02.04.2020 № 424».
        default_on: whether calculations exclude it unless told otherwise.
        applies_to_periods_before: when set, only charges for months before this
            one are affected (the 2022 bankruptcy moratorium covers claims that
            arose before it).
        source: where it was read.
        verified: whether it was checked.
        note: how courts use it.
    """

    valid_from: date
    valid_to: date | None
    act: str
    default_on: bool
    applies_to_periods_before: date | None
    source: str
    verified: bool
    note: str

    def applies_to(self, period: date) -> bool:
        """Whether a charge for ``period`` (first day of its month) is affected."""
        limit = self.applies_to_periods_before
        return limit is None or period < limit


@dataclass(frozen=True)
class DueDateRule:
    """The day of the following month by which a month's charge must be paid.

    Attributes:
        valid_from: first charge period (first day of the month) the rule covers.
        valid_to: first day of the last month covered, or None.
        due_day: day of the following month (10, from March 2026 charges 15).
        act: the statute.
        source: where it was read.
        verified: whether it was checked.
        note: what is not modelled.
    """

    valid_from: date
    valid_to: date | None
    due_day: int
    act: str
    source: str
    verified: bool
    note: str


@dataclass(frozen=True)
class DutyBand:
    """One band of a state-duty scale: ``base + (price - over) * percent / 100``.

    Attributes:
        court: general courts or arbitration.
        valid_from: first filing date the band applies to.
        valid_to: last filing date, or None.
        band_from: the band covers prices above this amount.
        band_to: ...up to and including this amount; None for the top band.
        base: fixed part in roubles.
        percent: percent of the amount above ``over``.
        over: the threshold the percent applies above.
        minimum: the duty is at least this, if set.
        maximum: the duty is at most this, if set.
        order_share: percent of the duty charged for a court-order application.
        order_minimum: the court-order duty is at least this, if set.
        source: where it was read.
        verified: whether it was checked.
    """

    court: Court
    valid_from: date
    valid_to: date | None
    band_from: Decimal
    band_to: Decimal | None
    base: Decimal
    percent: Decimal
    over: Decimal
    minimum: Decimal | None
    maximum: Decimal | None
    order_share: Decimal
    order_minimum: Decimal | None
    source: str
    verified: bool


@dataclass(frozen=True)
class DutyOffsetRule:
    """The Tax Code clause that offsets a cancelled court order's duty.

    Attributes:
        valid_from: first filing date of the lawsuit the clause applies to.
        valid_to: last such date, or None.
        citation: e.g. «подп. 13 п. 1 ст. 333.40 НК РФ».
        source: where it was read.
        verified: whether it was checked.
        note: what the clause says.
    """

    valid_from: date
    valid_to: date | None
    citation: str
    source: str
    verified: bool
    note: str


class _Dated(Protocol):
    @property
    def valid_from(self) -> date: ...

    @property
    def valid_to(self) -> date | None: ...

    @property
    def source(self) -> str: ...

    @property
    def verified(self) -> bool: ...


_RowT = TypeVar("_RowT", bound=_Dated)


def covers(row: _Dated, day: date) -> bool:
    """Whether ``day`` lies inside the row's closed validity range."""
    return row.valid_from <= day and (row.valid_to is None or day <= row.valid_to)


@dataclass(frozen=True)
class RateTables:
    """All dated tables, validated; build it with :func:`load_tables`.

    Attributes:
        key_rates: the key-rate history, oldest first, without gaps.
        caps: penalty caps.
        moratoria: windows without penalty.
        due_dates: due-day rules by charge period.
        duty_bands: state-duty bands of both courts.
        duty_offsets: the offset clause by filing date.
    """

    key_rates: tuple[KeyRate, ...]
    caps: tuple[PenaltyCap, ...]
    moratoria: tuple[Moratorium, ...]
    due_dates: tuple[DueDateRule, ...]
    duty_bands: tuple[DutyBand, ...]
    duty_offsets: tuple[DutyOffsetRule, ...]

    def key_rate_on(self, day: date) -> KeyRate:
        """The key rate in force on ``day``.

        Raises:
            UserInputError: the day is before the table starts (01.01.2016).
        """
        found = _find(self.key_rates, day)
        if found is None:
            first = self.key_rates[0].valid_from
            raise UserInputError(
                f"no key rate for {day.isoformat()}, table starts {first.isoformat()}",
                user_message=(
                    f"Нет ключевой ставки на {day:%d.%m.%Y}: таблица начинается "
                    f"с {first:%d.%m.%Y}"
                ),
            )
        return found

    def key_rate_changes(self, start: date, end: date) -> list[date]:
        """Days in ``(start, end]`` on which a new key rate takes effect."""
        return [r.valid_from for r in self.key_rates if start < r.valid_from <= end]

    def cap_on(self, day: date) -> PenaltyCap | None:
        """The penalty cap for a rate taken on ``day``, or None outside cap windows."""
        return _find(self.caps, day)

    def due_date(self, period: date) -> date:
        """Due date of the charge for the month containing ``period``.

        Raises:
            UserInputError: no rule covers that month.
        """
        month = period.replace(day=1)
        rule = _find(self.due_dates, month)
        if rule is None:
            raise UserInputError(
                f"no due-date rule for period {month:%Y-%m}",
                user_message=f"Нет правила о сроке оплаты за {month:%m.%Y}",
            )
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return following.replace(day=rule.due_day)

    def due_date_rule(self, period: date) -> DueDateRule | None:
        """The rule covering the charge month of ``period``, if any."""
        return _find(self.due_dates, period.replace(day=1))

    def bands(self, court: Court, filed_on: date) -> list[DutyBand]:
        """The duty scale of ``court`` for an application filed on ``filed_on``.

        Raises:
            UserInputError: no scale covers that date.
        """
        bands = [b for b in self.duty_bands if b.court is court and covers(b, filed_on)]
        if not bands:
            raise UserInputError(
                f"no {court.value} duty scale for {filed_on.isoformat()}",
                user_message=f"Нет шкалы госпошлины на {filed_on:%d.%m.%Y}",
            )
        return sorted(bands, key=lambda b: b.band_from)

    def offset_rule(self, filed_on: date) -> DutyOffsetRule | None:
        """The offset clause for a lawsuit filed on ``filed_on``."""
        return _find(self.duty_offsets, filed_on)


def _find(rows: Sequence[_RowT], day: date) -> _RowT | None:
    for row in rows:
        if covers(row, day):
            return row
    return None


@functools.lru_cache(maxsize=4)
def load_tables(folder: Path = DATA_DIR) -> RateTables:
    """Load and validate every table in ``folder``; cached per folder.

    Args:
        folder: the directory with the CSV files (default ``casework/data``).

    Returns:
        The validated tables.

    Raises:
        DataError: a file is missing, a value malformed, or two ranges overlap.
    """
    key_rates = _read(folder / "key_rates.csv", _key_rate)
    _check_ranges(key_rates, "key_rates.csv", contiguous=True)
    caps = _read(folder / "penalty_caps.csv", _cap)
    _check_ranges(caps, "penalty_caps.csv")
    moratoria = _read(folder / "moratoria.csv", _moratorium)
    _check_ranges(moratoria, "moratoria.csv")
    due_dates = _read(folder / "due_dates.csv", _due_date)
    _check_ranges(due_dates, "due_dates.csv", contiguous=True)
    bands = _read(folder / "duty_scales.csv", _band)
    _check_duty_bands(bands)
    offsets = _read(folder / "duty_offset.csv", _offset)
    _check_ranges(offsets, "duty_offset.csv")
    tables = RateTables(key_rates, caps, moratoria, due_dates, bands, offsets)
    unverified = sum(
        not row.verified
        for group in (key_rates, caps, moratoria, due_dates, bands, offsets)
        for row in group
    )
    logger.info("loaded rate tables from %s, %d unverified rows", folder, unverified)
    return tables


def _read(path: Path, build: Callable[[dict[str, str]], _RowT]) -> tuple[_RowT, ...]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    except OSError as error:
        raise DataError(
            f"cannot read rate table {path}: {error}",
            user_message=f"Не удалось прочитать таблицу ставок {path.name}",
        ) from error
    rows = []
    for number, record in enumerate(records, start=2):
        try:
            rows.append(build(record))
        except (KeyError, ValueError, InvalidOperation) as error:
            raise DataError(
                f"{path.name} line {number}: {error!r}",
                user_message=f"Ошибка в таблице {path.name}, строка {number}",
            ) from error
    return tuple(sorted(rows, key=lambda r: r.valid_from))


def _check_ranges(
    rows: Iterable[_Dated], name: str, *, contiguous: bool = False
) -> None:
    previous: _Dated | None = None
    for row in rows:
        if row.valid_to is not None and row.valid_to < row.valid_from:
            raise _range_error(name, row, "ends before it starts")
        if previous is not None:
            if previous.valid_to is None or previous.valid_to >= row.valid_from:
                raise _range_error(name, row, "overlaps the previous row")
            if contiguous and (row.valid_from - previous.valid_to).days > _gap(name):
                raise _range_error(name, row, "leaves a gap after the previous row")
        previous = row


def _gap(name: str) -> int:
    # Charge periods are months stored as their first day: consecutive months
    # are up to 31 days apart; daily tables must touch.
    return 31 if name == "due_dates.csv" else 1


def _check_duty_bands(bands: Sequence[DutyBand]) -> None:
    groups: dict[tuple[Court, date], list[DutyBand]] = {}
    for band in bands:
        groups.setdefault((band.court, band.valid_from), []).append(band)
    scales = sorted(groups.items(), key=lambda item: (item[0][0].value, item[0][1]))
    for (court, _), members in scales:
        members.sort(key=lambda b: b.band_from)
        for lower, upper in itertools.pairwise(members):
            if lower.band_to != upper.band_from:
                raise _range_error(
                    "duty_scales.csv", upper, "price bands overlap or gap"
                )
        if members[-1].band_to is not None:
            raise _range_error(
                "duty_scales.csv", members[-1], "top band has an upper bound"
            )
        logger.debug("duty scale %s: %d bands", court.value, len(members))
    for court in Court:
        heads = [members[0] for (c, _), members in scales if c is court]
        _check_ranges(heads, f"duty_scales.csv ({court.value})")


def _range_error(name: str, row: _Dated, what: str) -> DataError:
    return DataError(
        f"{name}: row from {row.valid_from.isoformat()} {what}",
        user_message=(
            f"Таблица {name}: строка с {row.valid_from:%d.%m.%Y} — "
            "пересечение или разрыв периодов"
        ),
    )


def _day(text: str) -> date:
    return date.fromisoformat(text.strip())


def _optional_day(text: str) -> date | None:
    return _day(text) if text.strip() else None


def _month(text: str) -> date:
    return date.fromisoformat(text.strip() + "-01")


def _optional_month(text: str) -> date | None:
    return _month(text) if text.strip() else None


def _amount(text: str) -> Decimal:
    value = Decimal(text.strip())
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a non-negative number: {text!r}")
    return value


def _optional_amount(text: str) -> Decimal | None:
    return _amount(text) if text.strip() else None


def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value not in {"yes", "no"}:
        raise ValueError(f"expected yes or no, got {text!r}")
    return value == "yes"


def _key_rate(r: dict[str, str]) -> KeyRate:
    return KeyRate(
        _day(r["valid_from"]),
        _optional_day(r["valid_to"]),
        _amount(r["rate_percent"]),
        r["source"],
        _flag(r["verified"]),
    )


def _cap(r: dict[str, str]) -> PenaltyCap:
    return PenaltyCap(
        _day(r["valid_from"]),
        _optional_day(r["valid_to"]),
        _amount(r["cap_percent"]),
        r["act"],
        r["source"],
        _flag(r["verified"]),
        r["note"],
    )


def _moratorium(r: dict[str, str]) -> Moratorium:
    return Moratorium(
        _day(r["valid_from"]),
        _optional_day(r["valid_to"]),
        r["act"],
        _flag(r["default_on"]),
        _optional_month(r["applies_to_periods_before"]),
        r["source"],
        _flag(r["verified"]),
        r["note"],
    )


def _due_date(r: dict[str, str]) -> DueDateRule:
    due_day = int(r["due_day"])
    if not 1 <= due_day <= 28:
        raise ValueError(f"due day out of range: {due_day}")
    return DueDateRule(
        _month(r["periods_from"]),
        _optional_month(r["periods_to"]),
        due_day,
        r["act"],
        r["source"],
        _flag(r["verified"]),
        r["note"],
    )


def _band(r: dict[str, str]) -> DutyBand:
    return DutyBand(
        Court(r["court"]),
        _day(r["valid_from"]),
        _optional_day(r["valid_to"]),
        _amount(r["band_from"]),
        _optional_amount(r["band_to"]),
        _amount(r["base"]),
        _amount(r["percent"]),
        _amount(r["over"]),
        _optional_amount(r["minimum"]),
        _optional_amount(r["maximum"]),
        _amount(r["order_share"]),
        _optional_amount(r["order_minimum"]),
        r["source"],
        _flag(r["verified"]),
    )


def _offset(r: dict[str, str]) -> DutyOffsetRule:
    return DutyOffsetRule(
        _day(r["valid_from"]),
        _optional_day(r["valid_to"]),
        r["citation"],
        r["source"],
        _flag(r["verified"]),
        r["note"],
    )
