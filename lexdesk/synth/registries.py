"""Synthetic billing registries: a year of a claims department, deterministic.

:func:`write_registries` simulates ``accounts`` consumers month by month —
monthly charges by season, payments by each consumer's habits, and the claims
work a supplier does about the debtors: ПП 354 warnings and restrictions,
installment agreements, pre-trial claims, court orders (some cancelled and
followed by lawsuits), writs and enforcement with the bailiffs — and writes the
five registries of :mod:`casework.registry` in the chosen formats. The same seed
gives byte-identical files. Every person, address, case number and agreement is
fictitious.

corpus_samples/registries/ holds 2,000 accounts made by this module
(:data:`SAMPLE_LAYOUT`); the import benchmark writes 100,000.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import enum
import io
import random
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

# Any fixed value: the samples must regenerate identically.
SEED = 20210801
# The simulated year: charges for these twelve months, events and payments in
# them; balances at the end of the month before and of each month.
FIRST_MONTH = (2020, 9)
MONTHS = 12
# The last day of the ПП 424 moratorium on disconnections (restriction_rules.csv).
MORATORIUM_END = dt.date(2020, 12, 31)
# How many accounts corpus_samples/registries/ holds.
SAMPLE_ACCOUNTS = 2_000
KOP = Decimal("0.01")
ZERO = Decimal("0.00")

# Consumption by calendar month relative to the yearly mean (a Central Russian
# household with electric heating in winter; an estimate for realism only).
SEASON = {
    1: 1.30,
    2: 1.25,
    3: 1.10,
    4: 0.95,
    5: 0.85,
    6: 0.80,
    7: 0.80,
    8: 0.85,
    9: 0.90,
    10: 1.00,
    11: 1.15,
    12: 1.30,
}

# The columns of each registry, in file order (the contract of casework.registry).
HEADERS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "account",
        "full_name",
        "address",
        "category",
        "meter",
        "norm_monthly_charge",
        "phone",
        "email",
    ),
    "balances": ("account", "as_of", "debt", "overdue_debt"),
    "charges": ("account", "period", "amount", "due_date"),
    "payments": ("account", "paid_on", "amount", "channel", "ref"),
    "events": ("account", "date", "event", "amount", "ref", "details"),
}
KINDS = tuple(HEADERS)


class FileFormat(enum.StrEnum):
    """How a registry file is written."""

    CSV_UTF8 = "csv-utf8"  # UTF-8, «,», ISO dates, «.» decimals
    CSV_CP1251 = "csv-cp1251"  # Windows-1251, «;», DD.MM.YYYY, «,» decimals (Excel RU)
    XLSX = "xlsx"  # an Excel workbook, numbers and dates as typed cells


EXTENSIONS = {
    FileFormat.CSV_UTF8: "csv",
    FileFormat.CSV_CP1251: "csv",
    FileFormat.XLSX: "xlsx",
}

# The formats of corpus_samples/registries/: each of the three appears; the
# large registries are CSV, which reads ten times faster than a workbook.
SAMPLE_LAYOUT: dict[str, FileFormat] = {
    "accounts": FileFormat.XLSX,
    "balances": FileFormat.CSV_UTF8,
    "charges": FileFormat.CSV_CP1251,
    "payments": FileFormat.CSV_UTF8,
    "events": FileFormat.CSV_CP1251,
}

_MALE = ("Олег", "Сергей", "Андрей", "Виктор", "Павел", "Игорь", "Роман", "Глеб")
_FEMALE = ("Ольга", "Наталья", "Елена", "Татьяна", "Марина", "Ирина", "Дарья")
_PATRONYMICS = ("Викторов", "Сергеев", "Андреев", "Николаев", "Олегов", "Юрьев")
# Invented surname stems ending in -ов/-ев/-ин (they decline regularly).
_SURNAMES = (
    "Лапин",
    "Корнеев",
    "Сухарев",
    "Заречнев",
    "Ветлов",
    "Гуляев",
    "Зимогоров",
    "Тальников",
    "Ольшанин",
    "Пригорнев",
    "Сосновцев",
    "Каменков",
)
_FIRMS = ("Ромашка-Плюс", "Вектор-Агро", "Северный двор", "Лавка у дома", "Техсервис")
_FIRM_FORMS = ("ООО", "ИП", "АО")
_STREETS = (
    "ул. Ясеневая Роща",
    "пер. Лучистый",
    "ул. Солнечная Поляна",
    "ул. Заводская Слобода",
    "ул. Тихий Берег",
    "пр-т Сиреневый",
    "ул. Луговая Сторона",
)
_TOWNS = ("г. Светлоград", "пос. Новосветлый", "с. Заречное")


class _Habit(enum.Enum):
    """How a consumer pays, which decides whether the claims work meets them."""

    PROMPT = "prompt"  # pays every bill
    LATE = "late"  # skips bills, catches up
    DEBTOR = "debtor"  # pays rarely


# Shares of the habits among the debtors a billing system exports.
_HABITS = ((_Habit.PROMPT, 0.30), (_Habit.LATE, 0.45), (_Habit.DEBTOR, 0.25))


@dataclass
class _Counters:
    """Numbers that must be unique across accounts (case, agreement, ИП)."""

    orders: int = 0
    lawsuits: int = 0
    agreements: int = 0
    enforcements: int = 0


@dataclass
class _Account:
    """One consumer's simulated state."""

    account: str
    household: bool
    smart: bool
    norm: Decimal
    habit: _Habit
    debt: Decimal = ZERO
    last_notice: dt.date | None = None
    in_court: bool = False
    installment: tuple[str, Decimal, int] | None = None  # number, part, left
    enforcement: tuple[str, Decimal] | None = None  # ИП number, left to collect
    restricted: bool = False
    warned: Decimal = ZERO  # the debt named in the latest warning
    paid_since_notice: Decimal = ZERO  # paid since that warning was sent
    agenda: list[tuple[dt.date, int, str, dict[str, Any]]] = field(default_factory=list)
    rows: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {kind: [] for kind in KINDS}
    )


class _Sink(Protocol):
    def write(self, kind: str, rows: Sequence[tuple[Any, ...]]) -> None: ...


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def simulated_months() -> list[tuple[int, int]]:
    """Return the (year, month) pairs of the simulated year, in order."""
    year, month = FIRST_MONTH
    months = []
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def write_registries(
    folder: Path,
    *,
    accounts: int,
    seed: int = SEED,
    layout: Mapping[str, FileFormat] | None = None,
) -> dict[str, Path]:
    """Simulate ``accounts`` consumers and write the five registries into ``folder``.

    Args:
        folder: where the files go (created if missing); files are named after
            their registry: ``accounts.csv``, ``charges.xlsx``, …
        accounts: how many consumers.
        seed: the random seed; the same seed gives identical files.
        layout: the format of each registry (default :data:`SAMPLE_LAYOUT`).

    Returns:
        Registry kind → the file written.
    """
    chosen = dict(SAMPLE_LAYOUT if layout is None else layout)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {kind: folder / f"{kind}.{EXTENSIONS[chosen[kind]]}" for kind in KINDS}
    with _Files(paths, chosen) as sink:
        simulate(accounts=accounts, seed=seed, sink=sink)
    return paths


def simulate(*, accounts: int, seed: int, sink: _Sink) -> None:
    """Run the simulation, handing each account's rows to ``sink`` as they are made."""
    counters = _Counters()
    for index in range(accounts):
        rng = random.Random(seed * 1_000_003 + index)
        state = _new_account(rng, index)
        _live_a_year(state, rng, counters)
        for kind in KINDS:
            sink.write(kind, state.rows[kind])


def _new_account(rng: random.Random, index: int) -> _Account:
    household = rng.random() < 0.93
    habit = rng.choices([h for h, _ in _HABITS], [w for _, w in _HABITS])[0]
    if household:
        norm = Decimal(rng.randrange(60_000, 260_000)) / 100
        meter = rng.choices(["smart", "conventional", "none"], [0.35, 0.6, 0.05])[0]
        name = _person_name(rng)
    else:
        norm = Decimal(rng.randrange(500_000, 6_000_000)) / 100
        meter = rng.choice(["smart", "conventional"])
        name = f"{rng.choice(_FIRM_FORMS)} «{rng.choice(_FIRMS)}»"
    state = _Account(
        account=f"31{index + 1:08d}",
        household=household,
        smart=meter == "smart",
        norm=norm,
        habit=habit,
    )
    house = rng.randrange(1, 120)
    address = f"{rng.choice(_TOWNS)}, {rng.choice(_STREETS)}, д. {house}"
    if household and rng.random() < 0.6:
        address += f", кв. {rng.randrange(1, 200)}"
    phone = f"+7 (900) {rng.randrange(100, 1000)}-{rng.randrange(10, 100)}-00"
    email = f"abonent{index + 1}@example.ru" if rng.random() < 0.3 else ""
    state.rows["accounts"].append(
        (
            state.account,
            name,
            address,
            "household" if household else "legal_entity",
            meter,
            norm,
            phone if rng.random() < 0.8 else "",
            email,
        )
    )
    # Every exported account is a debtor: unpaid bills of earlier months, some
    # of them old enough (2018) to near the three-year limitation (ГК РФ ст. 196).
    if habit is _Habit.DEBTOR and rng.random() < 0.2:
        first = (2018, rng.randrange(6, 13))
    else:
        first = (2020, rng.randrange(2, 8))
    _old_bills(state, rng, first)
    return state


def _person_name(rng: random.Random) -> str:
    stem = rng.choice(_SURNAMES)
    patronymic = rng.choice(_PATRONYMICS)
    if rng.random() < 0.5:
        return f"{stem}а {rng.choice(_FEMALE)} {patronymic}на"
    return f"{stem} {rng.choice(_MALE)} {patronymic}ич"


def _old_bills(state: _Account, rng: random.Random, first: tuple[int, int]) -> None:
    year, month = first
    while (year, month) < FIRST_MONTH:
        if rng.random() < 0.7:
            amount = _bill(state, rng, month)
            due = _due_date(year, month)
            state.rows["charges"].append(
                (state.account, f"{year:04d}-{month:02d}", amount, due)
            )
            state.debt += amount
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _bill(state: _Account, rng: random.Random, month: int) -> Decimal:
    factor = Decimal(str(round(SEASON[month] * rng.uniform(0.85, 1.15), 3)))
    return (state.norm * factor).quantize(KOP)


def _due_date(year: int, month: int) -> dt.date:
    """The 10th of the next month (ЖК РФ ст. 155 ч. 1)."""
    return dt.date(year + 1, 1, 10) if month == 12 else dt.date(year, month + 1, 10)


def _live_a_year(state: _Account, rng: random.Random, counters: _Counters) -> None:
    months = simulated_months()
    previous_end = dt.date(*months[0], 1) - dt.timedelta(days=1)
    state.rows["balances"].append(
        (state.account, previous_end, state.debt, max(state.debt, ZERO))
    )
    last_bill = ZERO
    for year, month in months:
        start, end = dt.date(year, month, 1), month_end(year, month)
        _pay_habitually(state, rng, start, last_bill)
        _run_agenda(state, rng, counters, start, end)
        bill = _bill(state, rng, month)
        state.rows["charges"].append(
            (state.account, f"{year:04d}-{month:02d}", bill, _due_date(year, month))
        )
        state.debt += bill
        last_bill = bill
        overdue = max(state.debt - bill, ZERO)
        state.rows["balances"].append((state.account, end, state.debt, overdue))
        _plan_claims_work(state, rng, counters, end, overdue)
    for kind in ("payments", "events"):
        state.rows[kind].sort(key=lambda row: row[1])


def _pay(
    state: _Account, day: dt.date, amount: Decimal, channel: str, ref: str = ""
) -> Decimal:
    amount = min(amount, max(state.debt, ZERO)).quantize(KOP)
    if amount <= 0:
        return ZERO
    state.debt -= amount
    state.rows["payments"].append((state.account, day, amount, channel, ref))
    before = state.paid_since_notice
    state.paid_since_notice += amount
    if state.restricted and before < state.warned <= state.paid_since_notice:
        # ПП 354 п. 120: resume within 2 days of repayment; about one time in
        # five the department is late (a deterministic pick, no random draw).
        late = day.toordinal() % 5 == 0
        _plan(state, day + dt.timedelta(days=4 if late else 1), "resume")
    return amount


def _event(
    state: _Account,
    day: dt.date,
    event: str,
    amount: Decimal | None = None,
    ref: str = "",
    details: str = "",
) -> None:
    state.rows["events"].append((state.account, day, event, amount, ref, details))


def _pay_habitually(
    state: _Account, rng: random.Random, start: dt.date, last_bill: Decimal
) -> None:
    """The month's own payment of last month's bill, as the consumer's habit goes."""
    if state.in_court or state.enforcement is not None or last_bill == 0:
        return
    day = start + dt.timedelta(days=rng.randrange(2, 25))
    if state.habit is _Habit.PROMPT and rng.random() < 0.97:
        _pay(state, day, last_bill, "voluntary")
    elif state.habit is _Habit.LATE and rng.random() < 0.55:
        _pay(state, day, last_bill * rng.choice([1, 1, 2]), "voluntary")
    elif state.habit is _Habit.DEBTOR and rng.random() < 0.12:
        _pay(state, day, (last_bill * Decimal("0.5")).quantize(KOP), "voluntary")


def _plan(state: _Account, day: dt.date, action: str, **payload: Any) -> None:
    state.agenda.append((day, len(state.agenda), action, payload))


def _plan_claims_work(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    end: dt.date,
    overdue: Decimal,
) -> None:
    """Decide at a month's end what the department does about the debt next month."""
    if state.in_court or state.installment is not None or overdue <= 0:
        return
    if state.restricted:
        return
    start = end + dt.timedelta(days=1)
    noticed_lately = (
        state.last_notice is not None and (end - state.last_notice).days < 90
    )
    # ПП 354 п. 118: a household whose debt exceeds two monthly charges by the
    # norm is warned; ПП 442 gives legal entities a similar notice.
    if overdue > 2 * state.norm and not noticed_lately and rng.random() < 0.25:
        day = start + dt.timedelta(days=rng.randrange(0, 15))
        state.last_notice = day
        _plan(state, day, "notice", amount=overdue)
        return
    # A debt that outlived its warning goes to court: a claim, then an
    # application for a court order (ГПК РФ гл. 11).
    ripe = state.last_notice is not None or not state.household
    if overdue > 3 * state.norm and ripe and rng.random() < 0.5:
        day = start + dt.timedelta(days=rng.randrange(0, 20))
        _plan(state, day, "claim", amount=overdue)


def _run_agenda(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    start: dt.date,
    end: dt.date,
) -> None:
    """Carry out the month's planned steps and the installment and ИП payments."""
    if state.installment is not None:
        _installment_month(state, rng, start)
    if state.enforcement is not None:
        _enforcement_month(state, rng, start)
    while True:
        due = sorted(item for item in state.agenda if item[0] <= end)
        if not due:
            return
        item = due[0]
        state.agenda.remove(item)
        day, _, action, payload = item
        _STEPS[action](state, rng, counters, day, payload)


def _installment_month(state: _Account, rng: random.Random, start: dt.date) -> None:
    assert state.installment is not None
    number, part, left = state.installment
    day = start + dt.timedelta(days=rng.randrange(5, 25))
    if rng.random() < 0.88:
        _pay(state, day, part, "installment", number)
        state.installment = (number, part, left - 1) if left > 1 else None
    else:
        _event(state, day + dt.timedelta(days=3), "installment_breached", ref=number)
        state.installment = None


def _enforcement_month(state: _Account, rng: random.Random, start: dt.date) -> None:
    assert state.enforcement is not None
    number, left = state.enforcement
    if rng.random() < 0.45:
        day = start + dt.timedelta(days=rng.randrange(3, 27))
        share = Decimal(str(rng.choice([0.25, 0.5, 1.0])))
        paid = _pay(
            state, day, min(left, (left * share).quantize(KOP)), "enforcement", number
        )
        left -= paid
        if left <= 0 or state.debt <= 0:
            _event(
                state,
                day + dt.timedelta(days=5),
                "enforcement_closed",
                ref=number,
                details="фактическое исполнение",
            )
            state.enforcement = None
            state.in_court = False
            return
        state.enforcement = (number, left)


def _step_notice(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    amount: Decimal = payload["amount"]
    channel = rng.choices(list(_CHANNELS), [w for _, w in _CHANNELS.values()])[0]
    _event(state, day, "notice_sent", amount, details=channel)
    # A month's own payment is made before its agenda runs: count those dated
    # on or after the warning, as the procedure does.
    state.warned = amount
    state.paid_since_notice = sum(
        (row[2] for row in state.rows["payments"] if row[1] >= day), ZERO
    )
    low, high = _CHANNELS[channel][0]
    delivered = day + dt.timedelta(days=rng.randrange(low, high))
    # Some warnings never reach the debtor (mail returned): no restriction then.
    is_delivered = rng.random() >= 0.06
    if is_delivered:
        _event(state, delivered, "notice_delivered", details=channel)
    answer = rng.random()
    if answer < 0.74:
        _plan(
            state,
            delivered + dt.timedelta(days=rng.randrange(1, 18)),
            "pay_notice",
            amount=amount,
        )
    elif answer < 0.90:
        _plan(
            state,
            delivered + dt.timedelta(days=rng.randrange(1, 15)),
            "installment",
            amount=amount,
        )
    elif state.household and is_delivered:
        # ПП 354 п. 119: restriction once 20 days from delivery have passed;
        # none during the ПП 424 moratorium (to 31.12.2020): moved past it.
        restrict_on = delivered + dt.timedelta(days=rng.randrange(21, 26))
        if restrict_on <= MORATORIUM_END:
            shift = (restrict_on - dt.date(2020, 4, 6)).days % 10
            restrict_on = MORATORIUM_END + dt.timedelta(days=11 + shift)
        _plan(state, restrict_on, "restrict", amount=amount, notice=day)


# How warnings are sent: channel → ((fewest, most + 1) days to delivery, weight).
_CHANNELS: dict[str, tuple[tuple[int, int], float]] = {
    "заказное письмо с уведомлением": ((2, 9), 0.6),
    "SMS": ((0, 2), 0.25),
    "текст в платёжном документе": ((3, 11), 0.15),
}


def _step_pay_notice(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    _pay(state, day, payload["amount"], "voluntary")


def _step_installment(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    counters.agreements += 1
    number = f"РС-{counters.agreements:05d}/{day.year % 100:02d}"
    months = rng.randrange(3, 7)
    total: Decimal = payload["amount"]
    _event(state, day, "installment_signed", total, number, f"{months} мес.")
    state.installment = (
        number,
        (total / months).quantize(KOP, rounding="ROUND_UP"),
        months,
    )
    if state.restricted:
        _event(state, day + dt.timedelta(days=1), "resumed")
        state.restricted = False


def _step_restrict(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    repaid = state.paid_since_notice >= state.warned
    stale = payload["notice"] != state.last_notice  # a later warning took over
    if state.debt <= 0 or state.installment is not None or repaid or stale:
        return
    # A smart meter limits power; without one a field crew disconnects.
    event = "restricted" if state.smart else "suspended"
    _event(state, day, event, payload["amount"], details="по ПП № 354 п. 119")
    state.restricted = True
    if rng.random() < 0.6:
        paid_on = day + dt.timedelta(days=rng.randrange(1, 10))
        _plan(state, paid_on, "pay_notice", amount=state.debt)
    elif state.smart:
        # п. 119 «в»: suspension after 10 days of restriction, still unpaid.
        suspend_on = day + dt.timedelta(days=11 + rng.randrange(0, 3))
        _plan(state, suspend_on, "suspend", amount=payload["amount"])


def _step_suspend(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    if state.restricted and state.paid_since_notice < state.warned:
        _event(state, day, "suspended", payload["amount"], details="по ПП № 354 п. 119")


def _step_resume(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    if state.restricted:
        _event(state, day, "resumed")
        state.restricted = False


def _step_claim(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    if state.in_court or state.debt <= 0:
        return
    amount = min(payload["amount"], state.debt)
    state.in_court = True
    _event(state, day, "claim_sent", amount)
    filed = day + dt.timedelta(days=rng.randrange(12, 30))
    counters.orders += 1
    number = f"2-{counters.orders}/{filed.year}"
    _plan(state, filed, "order_filed", amount=amount, number=number)


def _step_order_filed(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    amount: Decimal = payload["amount"]
    number: str = payload["number"]
    _event(
        state, day, "order_filed", amount, number, "мировой судья, судебный участок № 3"
    )
    issued = day + dt.timedelta(days=rng.randrange(5, 15))
    _plan(state, issued, "order_issued", amount=amount, number=number)


def _step_order_issued(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    amount: Decimal = payload["amount"]
    number: str = payload["number"]
    _event(state, day, "order_issued", amount, number)
    answer = rng.random()
    if answer < 0.13:
        # ГПК РФ ст. 128–129: the debtor objects within 10 days, the order falls.
        cancelled = day + dt.timedelta(days=rng.randrange(12, 40))
        _plan(state, cancelled, "order_cancelled", amount=amount, number=number)
    elif answer < 0.40:
        _plan(
            state,
            day + dt.timedelta(days=rng.randrange(10, 40)),
            "pay_case",
            number=number,
        )
    else:
        presented = day + dt.timedelta(days=rng.randrange(30, 55))
        _plan(state, presented, "enforcement", amount=amount)


def _step_pay_case(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    _pay(state, day, state.debt, "voluntary", payload["number"])
    state.in_court = False


def _step_order_cancelled(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    amount: Decimal = payload["amount"]
    _event(
        state,
        day,
        "order_cancelled",
        amount,
        payload["number"],
        "возражения должника (ст. 129 ГПК РФ)",
    )
    filed = day + dt.timedelta(days=rng.randrange(20, 50))
    counters.lawsuits += 1
    number = f"2-{20_000 + counters.lawsuits}/{filed.year}"
    _plan(state, filed, "lawsuit_filed", amount=amount, number=number)


def _step_lawsuit_filed(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    amount: Decimal = payload["amount"]
    number: str = payload["number"]
    uid = (
        f"31RS0016-01-{day.year}-{rng.randrange(1, 999_999):06d}-"
        f"{rng.randrange(10, 100)}"
    )
    _event(state, day, "lawsuit_filed", amount, number, f"УИД {uid}")
    decided = day + dt.timedelta(days=rng.randrange(35, 70))
    _plan(state, decided, "decision", amount=amount, number=number)


def _step_decision(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    claimed: Decimal = payload["amount"]
    part = Decimal("1") if rng.random() < 0.8 else Decimal("0.85")
    awarded = (claimed * part).quantize(KOP)
    outcome = "удовлетворён полностью" if part == 1 else "удовлетворён частично"
    _event(state, day, "decision", awarded, payload["number"], outcome)
    writ = day + dt.timedelta(days=rng.randrange(33, 45))
    _plan(state, writ, "writ", amount=awarded, number=payload["number"])


def _step_writ(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    _event(
        state,
        day,
        "writ_issued",
        payload["amount"],
        payload["number"],
        f"исполнительный лист ФС № {rng.randrange(10**8, 10**9)}",
    )
    _plan(
        state,
        day + dt.timedelta(days=rng.randrange(7, 25)),
        "enforcement",
        amount=payload["amount"],
    )


def _step_enforcement(
    state: _Account,
    rng: random.Random,
    counters: _Counters,
    day: dt.date,
    payload: dict[str, Any],
) -> None:
    if state.debt <= 0:
        state.in_court = False
        return
    counters.enforcements += 1
    number = f"{counters.enforcements}/{day.year % 100:02d}/31016-ИП"
    amount = min(payload["amount"], state.debt)
    _event(state, day, "enforcement_opened", amount, number, "ОСП по г. Светлограду")
    state.enforcement = (number, amount)


_STEPS = {
    "notice": _step_notice,
    "pay_notice": _step_pay_notice,
    "installment": _step_installment,
    "restrict": _step_restrict,
    "suspend": _step_suspend,
    "resume": _step_resume,
    "claim": _step_claim,
    "order_filed": _step_order_filed,
    "order_issued": _step_order_issued,
    "pay_case": _step_pay_case,
    "order_cancelled": _step_order_cancelled,
    "lawsuit_filed": _step_lawsuit_filed,
    "decision": _step_decision,
    "writ": _step_writ,
    "enforcement": _step_enforcement,
}


def format_value(value: object, file_format: FileFormat) -> object:
    """A cell as the format writes it: Russian text forms in cp1251 CSVs."""
    if value is None:
        return "" if file_format is not FileFormat.XLSX else None
    if isinstance(value, Decimal):
        if file_format is FileFormat.XLSX:
            return float(value)
        text = f"{value:.2f}"
        return text.replace(".", ",") if file_format is FileFormat.CSV_CP1251 else text
    if isinstance(value, dt.date):
        if file_format is FileFormat.CSV_CP1251:
            return value.strftime("%d.%m.%Y")
        return value if file_format is FileFormat.XLSX else value.isoformat()
    return value


class _Files:
    """Open writers of the five registries (a context manager)."""

    def __init__(
        self, paths: Mapping[str, Path], layout: Mapping[str, FileFormat]
    ) -> None:
        self.paths = paths
        self.layout = layout
        self._handles: list[Any] = []
        self._writers: dict[str, Any] = {}
        self._books: dict[str, Any] = {}

    def __enter__(self) -> _Files:
        from openpyxl import Workbook  # type: ignore[import-untyped]

        for kind, path in self.paths.items():
            file_format = self.layout[kind]
            if file_format is FileFormat.XLSX:
                book = Workbook(write_only=True)
                sheet = book.create_sheet(kind)
                sheet.append(list(HEADERS[kind]))
                self._books[kind] = book
                self._writers[kind] = sheet
                continue
            encoding = "cp1251" if file_format is FileFormat.CSV_CP1251 else "utf-8"
            delimiter = ";" if file_format is FileFormat.CSV_CP1251 else ","
            handle = path.open("w", encoding=encoding, newline="")
            self._handles.append(handle)
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
            writer.writerow(HEADERS[kind])
            self._writers[kind] = writer
        return self

    def write(self, kind: str, rows: Sequence[tuple[Any, ...]]) -> None:
        file_format = self.layout[kind]
        target = self._writers[kind]
        for row in rows:
            cells = [format_value(value, file_format) for value in row]
            if file_format is FileFormat.XLSX:
                target.append(cells)
            else:
                target.writerow(cells)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for handle in self._handles:
            handle.close()
        for name, book in self._books.items():
            save_workbook(book, self.paths[name])


# The timestamp written into generated workbooks, so that they are byte-identical.
FIXED_TIMESTAMP = dt.datetime(2021, 9, 1, 9, 0, 0)


# The «modified» element of an XLSX's core properties: <dcterms:modified
# xsi:type="dcterms:W3CDTF">2026-12-04T17:10:11Z</dcterms:modified>.
_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def save_workbook(book: Any, path: Path) -> None:
    """Save an openpyxl workbook with fixed timestamps (reproducible bytes)."""
    book.properties.created = FIXED_TIMESTAMP
    book.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    book.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                # openpyxl stamps «modified» with the clock when it saves.
                data = _MODIFIED_RE.sub(rb"\g<1>2021-09-01T09:00:00Z\g<2>", data)
            target.writestr(entry, data)


def iter_sample_rows(
    *, accounts: int, seed: int = SEED
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Yield (registry kind, row) of a simulation, as Python values (for tests)."""
    collected: list[tuple[str, tuple[Any, ...]]] = []

    class _Collect:
        def write(self, kind: str, rows: Sequence[tuple[Any, ...]]) -> None:
            collected.extend((kind, row) for row in rows)

    simulate(accounts=accounts, seed=seed, sink=_Collect())
    yield from collected
