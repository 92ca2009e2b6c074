"""Tables of the restriction procedure: orders and the smart-meter command log.

The facts of the procedure (warnings sent and delivered, restrictions,
suspensions, resumptions) are rows of ``debtor_events`` like every other event,
whether a billing export brought them or a user entered them (an entry is a
batch of its own, see :func:`casework.restriction.store.record_events`), so a
report counts them all alike and traces each to its batch and line.

What the events do not hold lives here: the orders issued to the metering
system or a field crew (:class:`RestrictionOrder`) and every command sent and
every status that came back (:class:`MeteringCommand`: requested, executed,
failed).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casework.models import DebtorEvent  # noqa: F401  (the events table it refers to)
from casework.restriction.procedure import Measure
from lexdesk.database import Base, UtcDateTime, enum_type, register_component

register_component("restriction", 1)


class OrderStatus(enum.StrEnum):
    """Where an order stands."""

    ISSUED = "issued"  # made, not yet sent (field crews get it on paper)
    REQUESTED = "requested"  # the metering system accepted the command
    EXECUTED = "executed"
    FAILED = "failed"


class CommandState(enum.StrEnum):
    """A line of the command log."""

    REQUESTED = "requested"
    EXECUTED = "executed"
    FAILED = "failed"


class RestrictionOrder(Base):
    """An order to restrict, suspend or resume supply to one account.

    ``warning_event_id`` names the warning the order follows; ``event_id`` the
    ``restricted``/``suspended``/``resumed`` event recorded when it was executed.
    """

    __tablename__ = "restriction_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    account: Mapped[str] = mapped_column(
        ForeignKey("debtor_accounts.account"), index=True
    )
    measure: Mapped[Measure] = mapped_column(enum_type(Measure))
    warning_event_id: Mapped[int | None] = mapped_column(ForeignKey("debtor_events.id"))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    issued_by: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[OrderStatus] = mapped_column(enum_type(OrderStatus))
    executed_on: Mapped[dt.date | None] = mapped_column(Date)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("debtor_events.id"))


class MeteringCommand(Base):
    """One line of the command log: a command sent, or a status that came back."""

    __tablename__ = "metering_commands"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("restriction_orders.id"), index=True
    )
    state: Mapped[CommandState] = mapped_column(enum_type(CommandState))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    external_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(255), default="")
