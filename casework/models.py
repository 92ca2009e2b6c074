"""The casework store: imported registries, court cases and installment agreements.

Every registry row keeps its provenance: the import batch (the file, its SHA-256,
when and by whom it was loaded) and the line of the file it came from, so that a
figure of a report can be traced back to the lines that make it. Money is stored
as whole kopecks (:class:`Kopecks`), which keeps sums exact on SQLite and on
PostgreSQL alike; Python sees :class:`~decimal.Decimal` roubles.

Natural keys make imports idempotent: a row whose key is already stored is
skipped (accounts are master data and are updated instead), see
:mod:`casework.registry`.

The tables live in the shared metadata of :mod:`lexdesk.database`, so
:func:`lexdesk.database.create_schema` creates them with everybody else's.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from lexdesk.database import Base, UtcDateTime, enum_type, register_component

register_component("casework", 1)

# One kopeck: every amount is rounded to it (Decimal, never float).
KOPECK = Decimal("0.01")


class Kopecks(TypeDecorator[Decimal]):
    """Roubles as :class:`~decimal.Decimal` in Python, whole kopecks in the database.

    An integer column sums exactly in SQL on every dialect; SQLite has no exact
    decimal type of its own.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> int | None:
        """Convert roubles to kopecks, refusing fractions of a kopeck."""
        if value is None:
            return None
        kopecks = value * 100
        if kopecks != kopecks.to_integral_value():
            raise ValueError(f"amount {value} has a fraction of a kopeck")
        return int(kopecks)

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        """Convert stored kopecks back to roubles with two decimal places."""
        if value is None:
            return None
        return (Decimal(value) / 100).quantize(KOPECK)


class RegistryKind(enum.StrEnum):
    """The registries the billing system exports."""

    ACCOUNTS = "accounts"
    BALANCES = "balances"
    CHARGES = "charges"
    PAYMENTS = "payments"
    EVENTS = "events"


class Category(enum.StrEnum):
    """Who the consumer is: the law differs (ПП 354 for households, ПП 442 else)."""

    HOUSEHOLD = "household"
    LEGAL_ENTITY = "legal_entity"


class Meter(enum.StrEnum):
    """The consumer's meter; a smart meter allows a remote power limit (522-ФЗ)."""

    SMART = "smart"
    CONVENTIONAL = "conventional"
    NONE = "none"


class PaymentChannel(enum.StrEnum):
    """How money came in: on its own, under an installment agreement, or by force."""

    VOLUNTARY = "voluntary"
    INSTALLMENT = "installment"
    ENFORCEMENT = "enforcement"


class EventKind(enum.StrEnum):
    """What happened to a debtor, as the billing and claims systems record it."""

    NOTICE_SENT = "notice_sent"
    NOTICE_DELIVERED = "notice_delivered"
    RESTRICTED = "restricted"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    INSTALLMENT_SIGNED = "installment_signed"
    INSTALLMENT_BREACHED = "installment_breached"
    CLAIM_SENT = "claim_sent"
    ORDER_FILED = "order_filed"
    ORDER_ISSUED = "order_issued"
    ORDER_CANCELLED = "order_cancelled"
    LAWSUIT_FILED = "lawsuit_filed"
    DECISION = "decision"
    WRIT_ISSUED = "writ_issued"
    ENFORCEMENT_OPENED = "enforcement_opened"
    ENFORCEMENT_CLOSED = "enforcement_closed"


class CaseKind(enum.StrEnum):
    """How a debt is claimed in court: a court order first, a lawsuit after it."""

    COURT_ORDER = "court_order"
    LAWSUIT = "lawsuit"


class ImportBatch(Base):
    """One registry file as it was loaded (or refused).

    The SHA-256 of the file's bytes makes a second import of the same file a no-op;
    only the file's name (never its folder) is kept.
    """

    __tablename__ = "registry_batches"
    __table_args__ = (UniqueConstraint("kind", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RegistryKind] = mapped_column(enum_type(RegistryKind))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int]
    written: Mapped[int]
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    imported_by: Mapped[str | None] = mapped_column(String(64))


class DebtorAccount(Base):
    """A personal account of a consumer (master data: a later export updates it)."""

    __tablename__ = "debtor_accounts"

    account: Mapped[str] = mapped_column(String(32), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500))
    category: Mapped[Category] = mapped_column(enum_type(Category))
    meter: Mapped[Meter] = mapped_column(enum_type(Meter))
    norm_monthly_charge: Mapped[Decimal] = mapped_column(Kopecks())
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(200))
    batch_id: Mapped[int] = mapped_column(ForeignKey("registry_batches.id"))
    line: Mapped[int] = mapped_column(Integer)


class Balance(Base):
    """The debt of an account on a date; key (account, as_of)."""

    __tablename__ = "debt_balances"
    __table_args__ = (UniqueConstraint("account", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(
        ForeignKey("debtor_accounts.account"), index=True
    )
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    debt: Mapped[Decimal] = mapped_column(Kopecks())
    overdue_debt: Mapped[Decimal] = mapped_column(Kopecks())
    batch_id: Mapped[int] = mapped_column(ForeignKey("registry_batches.id"))
    line: Mapped[int] = mapped_column(Integer)


class Charge(Base):
    """What an account was charged for a month; key (account, period)."""

    __tablename__ = "charges"
    __table_args__ = (UniqueConstraint("account", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(ForeignKey("debtor_accounts.account"))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    amount: Mapped[Decimal] = mapped_column(Kopecks())
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    batch_id: Mapped[int] = mapped_column(ForeignKey("registry_batches.id"))
    line: Mapped[int] = mapped_column(Integer)


class Payment(Base):
    """Money received on an account; key (account, paid_on, amount, channel, ref)."""

    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("account", "paid_on", "amount", "channel", "ref"),
        Index("payments_paid_on", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(ForeignKey("debtor_accounts.account"))
    paid_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Kopecks())
    channel: Mapped[PaymentChannel] = mapped_column(enum_type(PaymentChannel))
    # Empty when the export gives none, so that the unique key compares it.
    ref: Mapped[str] = mapped_column(String(64), default="")
    batch_id: Mapped[int] = mapped_column(ForeignKey("registry_batches.id"))
    line: Mapped[int] = mapped_column(Integer)


class DebtorEvent(Base):
    """Something that happened to a debtor; key (account, date, event, ref)."""

    __tablename__ = "debtor_events"
    __table_args__ = (
        UniqueConstraint("account", "date", "event", "ref"),
        Index("debtor_events_date", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(
        ForeignKey("debtor_accounts.account"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    event: Mapped[EventKind] = mapped_column(enum_type(EventKind))
    amount: Mapped[Decimal | None] = mapped_column(Kopecks())
    ref: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[str] = mapped_column(Text, default="")
    batch_id: Mapped[int] = mapped_column(ForeignKey("registry_batches.id"))
    line: Mapped[int] = mapped_column(Integer)


class CourtCase(Base):
    """A debt claimed in court: an order or a lawsuit, keyed by its case number.

    Made from the ``order_filed`` and ``lawsuit_filed`` events; a court document
    found in the index by the case number or the УИД (unique case id) fills the
    ``doc_*`` facts (see :func:`casework.workflow.link_document`).
    """

    __tablename__ = "court_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(
        ForeignKey("debtor_accounts.account"), index=True
    )
    number: Mapped[str] = mapped_column(String(64), unique=True)
    uid: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[CaseKind] = mapped_column(enum_type(CaseKind))
    filed_on: Mapped[dt.date] = mapped_column(Date)
    claimed: Mapped[Decimal | None] = mapped_column(Kopecks())
    doc_id: Mapped[str | None] = mapped_column(String(64))
    doc_kind: Mapped[str | None] = mapped_column(String(32))
    doc_date: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(32))
    awarded: Mapped[Decimal | None] = mapped_column(Kopecks())


class InstallmentAgreement(Base):
    """A repayment agreement: ``total`` paid in ``months`` equal monthly parts.

    Made from ``installment_signed`` events (the agreement number in ``ref``).
    """

    __tablename__ = "installment_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(
        ForeignKey("debtor_accounts.account"), index=True
    )
    number: Mapped[str] = mapped_column(String(64), unique=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    total: Mapped[Decimal] = mapped_column(Kopecks())
    months: Mapped[int]


# The table of each registry kind, for the importer and the provenance lookups.
REGISTRY_TABLES: dict[RegistryKind, Table] = {
    RegistryKind.ACCOUNTS: cast(Table, DebtorAccount.__table__),
    RegistryKind.BALANCES: cast(Table, Balance.__table__),
    RegistryKind.CHARGES: cast(Table, Charge.__table__),
    RegistryKind.PAYMENTS: cast(Table, Payment.__table__),
    RegistryKind.EVENTS: cast(Table, DebtorEvent.__table__),
}
