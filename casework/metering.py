"""Commands to the smart-metering system: limit, disconnect and reconnect supply.

The supplier's metering system (the «интеллектуальная система учёта» of 522-ФЗ)
executes a restriction as a command to the meter. lexdesk talks to it through
:class:`MeteringClient`, whose ``send`` hands over one :class:`MeterOrder` and
returns the first :class:`CommandStatus` (usually ``requested``: the meter
answers later). Two implementations:

* :class:`HttpMeteringClient` posts the order as JSON to ``{url}/commands`` and
  reads ``{"id": …, "status": "requested"|"executed"|"failed", "detail": …}``;
* :class:`FileDropClient` writes the order as a JSON file (and a line of a CSV
  journal) into a folder another system collects.

Either way the final statuses come back as a status file (CSV: ``order``,
``status``, ``executed_on``, ``detail``, ``external_id``) read by
:func:`read_status_file` and applied by
:func:`casework.restriction.store.apply_statuses`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import httpx

from casework.output_files import unwritable_path_error
from casework.restriction.models import CommandState
from casework.restriction.procedure import Measure
from lexdesk.errors import DataError, InfrastructureError

logger = logging.getLogger(__name__)

# Seconds to wait for the metering system.
DEFAULT_TIMEOUT = 10.0
# The command each remote measure sends.
COMMANDS: dict[Measure, str] = {
    Measure.REMOTE_LIMIT: "limit",
    Measure.REMOTE_DISCONNECT: "disconnect",
    Measure.REMOTE_RECONNECT: "reconnect",
}
# Power left to a restricted household, kW: enough for lighting and a fridge
# (department practice; ПП 354 sets no figure).
DEFAULT_LIMIT_KW = Decimal("1.0")
STATUS_COLUMNS = ("order", "status", "executed_on", "detail", "external_id")
# An order number as lexdesk writes it: «ОГР-2021-000123».
_ORDER_NUMBER_RE = re.compile(r"[A-ZА-ЯЁ]{3}-\d{4}-\d{6}")


@dataclass(frozen=True)
class MeterOrder:
    """A command for one meter.

    Attributes:
        number: the order number, e.g. «ОГР-2021-000123».
        account: the personal account the meter serves.
        measure: what to do (a remote measure).
        due_on: the first (restriction) or last (resumption) day to do it.
        power_limit_kw: the power left when limiting, else None.
    """

    number: str
    account: str
    measure: Measure
    due_on: dt.date | None
    power_limit_kw: Decimal | None = None

    @property
    def command(self) -> str:
        """The command's name for the metering system."""
        return COMMANDS[self.measure]

    def to_json(self) -> dict[str, Any]:
        """The order as the metering system reads it."""
        return {
            "order": self.number,
            "account": self.account,
            "command": self.command,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "power_limit_kw": str(self.power_limit_kw)
            if self.power_limit_kw is not None
            else None,
        }


@dataclass(frozen=True)
class CommandStatus:
    """What the metering system said about a command.

    Attributes:
        state: requested, executed or failed.
        external_id: the metering system's id of the command.
        detail: its message, if any.
        executed_on: the day the meter executed it, for ``executed``.
    """

    state: CommandState
    external_id: str = ""
    detail: str = ""
    executed_on: dt.date | None = None


class MeteringClient(Protocol):
    """Sends orders to the metering system."""

    def send(self, order: MeterOrder) -> CommandStatus:
        """Hand over one order; return its first status."""
        ...


class HttpMeteringClient:
    """The metering system's HTTP API: ``POST {url}/commands`` with JSON.

    Args:
        url: the API's base URL (the ``metering_url`` setting).
        token: a bearer token, if the API needs one.
        timeout: seconds to wait.
        transport: an httpx transport (tests).
    """

    def __init__(
        self,
        url: str,
        *,
        token: str = "",
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.url = url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.url, headers=headers, timeout=timeout, transport=transport
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def send(self, order: MeterOrder) -> CommandStatus:
        """Post the order; a refusal (4xx with a body) is a ``failed`` status.

        Raises:
            InfrastructureError: the system cannot be reached, answers 5xx or
                something that is not the expected JSON.
        """
        try:
            response = self._http.post("/commands", json=order.to_json())
        except httpx.HTTPError as error:
            raise InfrastructureError(
                f"metering system at {self.url} unreachable: {type(error).__name__}",
                user_message=(
                    f"Система учёта по адресу {self.url} недоступна: команда "
                    f"{order.number} не отправлена."
                ),
            ) from error
        if response.status_code >= 500:
            raise InfrastructureError(
                f"metering system answered {response.status_code} to {order.number}",
                user_message=(
                    f"Система учёта ответила ошибкой {response.status_code}: "
                    f"команда {order.number} не отправлена."
                ),
            )
        status = _status_from(response)
        logger.info(
            "metering command %s for order %s: %s",
            order.command,
            order.number,
            status.state,
        )
        return status


def _status_from(response: httpx.Response) -> CommandStatus:
    try:
        body = response.json()
        state = CommandState(str(body.get("status", "")))
    except (ValueError, AttributeError) as error:
        raise InfrastructureError(
            f"metering system answered {response.status_code} without a status",
            user_message="Система учёта вернула непонятный ответ.",
        ) from error
    if response.is_error and state is not CommandState.FAILED:
        state = CommandState.FAILED
    executed = body.get("executed_on")
    return CommandStatus(
        state,
        external_id=str(body.get("id", ""))[:64],
        detail=str(body.get("detail", ""))[:500],
        executed_on=dt.date.fromisoformat(executed) if executed else None,
    )


class FileDropClient:
    """Writes each order as ``<number>.json`` and a line of ``orders.csv``.

    Args:
        folder: the folder the metering system collects (created if missing).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, order: MeterOrder) -> CommandStatus:
        """Write the order's files; the status is ``requested``.

        Raises:
            InfrastructureError: the folder cannot be written.
        """
        name = order.number.replace("/", "-")
        data = order.to_json()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{name}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            journal = self.folder / "orders.csv"
            is_new = not journal.exists()
            with journal.open("a", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                if is_new:
                    writer.writerow(list(data))
                writer.writerow(["" if v is None else v for v in data.values()])
        except OSError as error:
            raise unwritable_path_error(self.folder, error, what="в папку") from error
        return CommandStatus(CommandState.REQUESTED, detail=f"файл {name}.json")


@dataclass(frozen=True)
class StatusLine:
    """A line of a status file.

    Attributes:
        line: its line in the file (1 = header).
        order: the order number.
        status: what the meter did, when, and its message.
    """

    line: int
    order: str
    status: CommandStatus


def read_status_file(data: bytes, *, name: str) -> list[StatusLine]:
    """Read a status file (UTF-8 CSV, ``,`` or ``;``).

    Raises:
        DataError: a missing column, an unknown status or order number, a
            malformed date, or an executed line without its date.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _bad(name, 1, "файл не в кодировке UTF-8") from error
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in STATUS_COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        raise _bad(name, 1, f"нет колонок: {', '.join(missing)}")
    lines = []
    for number, row in enumerate(reader, start=2):
        order = (row.get("order") or "").strip()
        if not _ORDER_NUMBER_RE.fullmatch(order):
            raise _bad(name, number, f"номер распоряжения «{order[:40]}» не распознан")
        try:
            state = CommandState((row.get("status") or "").strip().lower())
        except ValueError:
            raise _bad(
                name, number, "статус должен быть requested, executed или failed"
            ) from None
        executed = (row.get("executed_on") or "").strip()
        try:
            day = dt.date.fromisoformat(executed) if executed else None
        except ValueError:
            raise _bad(name, number, f"дата «{executed[:20]}» не ГГГГ-ММ-ДД") from None
        if state is CommandState.EXECUTED and day is None:
            raise _bad(name, number, "для executed нужна дата executed_on")
        status = CommandStatus(
            state,
            external_id=(row.get("external_id") or "").strip()[:64],
            detail=(row.get("detail") or "").strip()[:500],
            executed_on=day,
        )
        lines.append(StatusLine(number, order, status))
    return lines


def _bad(name: str, line: int, reason: str) -> DataError:
    return DataError(
        f"status file {name} line {line}: {reason}",
        user_message=f"Файл статусов {name}, строка {line}: {reason}.",
    )
