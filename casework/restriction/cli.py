"""The restriction subcommands of ``lexdesk``.

``lexdesk report restriction --month 2021-07 [--to 2021-12] [--json]`` prints the
restriction report; ``lexdesk restriction candidates|warnings|deliver|queue|
orders|statuses|executed`` run the procedure: who to warn on a date (with the
rule that selected each), warnings generated (.docx and texts) and recorded as
sent, deliveries entered, the queue with its deadlines and flags, orders made
(commands to the metering system, field-crew orders), status files applied,
field acts recorded. Exit status: 0 success, 1 failure, 2 usage error.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from casework.documents.models import Creditor, Debtor
from casework.metering import FileDropClient, HttpMeteringClient, read_status_file
from casework.models import DebtorAccount
from casework.output_files import unwritable_path_error
from casework.periods import SPAN_RU, is_in_span
from casework.reports import Unit
from casework.restriction.candidates import Decision, select_candidates
from casework.restriction.documents import (
    TextKind,
    WarningNotice,
    render,
    warning_text,
)
from casework.restriction.procedure import (
    FLAG_LABELS_RU,
    STAGE_LABELS_RU,
    Procedure,
)
from casework.restriction.report import FIGURES, RestrictionReport, restriction_report
from casework.restriction.report_export import report_to_docx, report_to_xlsx
from casework.restriction.rules import load_rules
from casework.restriction.store import (
    Channel,
    apply_statuses,
    execute_field_order,
    issue_orders,
    record_deliveries,
    restriction_queue,
    send_warnings,
)
from lexdesk.errors import UserInputError
from lexdesk.settings import Settings

EXIT_OK = 0


def add_report_parser(reports: Any) -> None:
    """Add ``restriction`` to the ``lexdesk report`` subcommands."""
    parser = reports.add_parser(
        "restriction", help="отчёт об ограничении режима потребления (ПП № 354)"
    )
    parser.add_argument(
        "--month", required=True, metavar="ГГГГ-ММ", help="месяц (начало периода)"
    )
    parser.add_argument(
        "--to", default=None, metavar="ГГГГ-ММ", help="последний месяц периода"
    )
    parser.add_argument("--json", action="store_true", help="отчёт в JSON")
    parser.add_argument(
        "--trace", action="store_true", help="с идентификаторами строк реестров (JSON)"
    )
    parser.add_argument("--xlsx", type=Path, default=None, help="сохранить в XLSX")
    parser.add_argument("--docx", type=Path, default=None, help="сохранить в DOCX")
    parser.set_defaults(handler=run_report)


def add_parsers(commands: Any) -> None:
    """Add ``restriction`` and its subcommands to the ``lexdesk`` subcommands."""
    top = commands.add_parser(
        "restriction", help="ограничение подачи должникам-гражданам (ПП № 354)"
    )
    steps = top.add_subparsers(dest="step", required=True, metavar="ШАГ")

    candidates = steps.add_parser("candidates", help="кого предупредить на дату")
    _on(candidates)
    candidates.add_argument(
        "--all", action="store_true", help="и не отобранных, с причиной"
    )
    candidates.add_argument("--json", action="store_true", help="в JSON")
    candidates.set_defaults(handler=run_candidates)

    warnings = steps.add_parser(
        "warnings", help="сформировать предупреждения отобранным и отметить отправку"
    )
    _on(warnings)
    warnings.add_argument(
        "--channel",
        choices=[c.value for c in Channel],
        default=Channel.REGISTERED_MAIL.value,
        help="способ доставки",
    )
    warnings.add_argument(
        "--supplier",
        type=Path,
        required=True,
        help="JSON с реквизитами поставщика (поля casework.documents.models.Creditor)",
    )
    warnings.add_argument("--place", default="", help="город в документе")
    warnings.add_argument(
        "--out", type=Path, required=True, help="папка для .docx и текстов"
    )
    warnings.add_argument(
        "--send", action="store_true", help="записать отправку (событие notice_sent)"
    )
    warnings.set_defaults(handler=run_warnings)

    deliver = steps.add_parser("deliver", help="записать доставку предупреждения")
    deliver.add_argument("account", metavar="ЛС", help="лицевой счёт")
    _on(deliver)
    deliver.add_argument(
        "--channel", choices=[c.value for c in Channel], required=True, help="способ"
    )
    deliver.set_defaults(handler=run_deliver)

    queue = steps.add_parser("queue", help="очередь: сроки, нарушения, что делать")
    _on(queue)
    queue.add_argument("--json", action="store_true", help="в JSON")
    queue.set_defaults(handler=run_queue)

    orders = steps.add_parser("orders", help="сформировать распоряжения на дату")
    _on(orders)
    target = orders.add_mutually_exclusive_group()
    target.add_argument(
        "--metering-url", default="", help="адрес API системы учёта (HTTP)"
    )
    target.add_argument(
        "--drop", type=Path, default=None, help="папка для файлов распоряжений"
    )
    orders.add_argument("--json", action="store_true", help="в JSON")
    orders.set_defaults(handler=run_orders)

    statuses = steps.add_parser("statuses", help="загрузить файл статусов команд")
    statuses.add_argument("file", type=Path, metavar="ФАЙЛ", help="CSV статусов")
    statuses.set_defaults(handler=run_statuses)

    executed = steps.add_parser("executed", help="отметить выполнение наряда бригадой")
    executed.add_argument("number", metavar="НОМЕР", help="номер распоряжения")
    _on(executed)
    executed.set_defaults(handler=run_executed)


def span_date(text: str) -> dt.date:
    """An ``--on`` date: ``YYYY-MM-DD`` within 1990-01-01..2100-12-31.

    Raises:
        argparse.ArgumentTypeError: otherwise (argparse exits with status 2).
    """
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"неверная дата «{text[:20]}»: ожидается ГГГГ-ММ-ДД, например 2021-07-15"
        ) from None
    if not is_in_span(day):
        raise argparse.ArgumentTypeError(
            f"дата {text[:20]} вне допустимого диапазона: {SPAN_RU}"
        )
    return day


def _on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on",
        type=span_date,
        default=None,
        metavar="ГГГГ-ММ-ДД",
        help="дата (по умолчанию сегодня)",
    )


def _day(args: argparse.Namespace) -> dt.date:
    day: dt.date | None = args.on
    return day or dt.date.today()


def _open(settings: Settings) -> Any:
    from casework.cli import open_store

    return open_store(settings)


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk report restriction``: print the report, optionally save files."""
    database = _open(settings)
    try:
        with database.session() as session:
            report = restriction_report(session, first=args.month, last=args.to)
    finally:
        database.close()
    from casework.cli import emit_report

    return emit_report(
        args,
        report,
        to_xlsx=report_to_xlsx,
        to_docx=report_to_docx,
        as_text=format_report,
    )


def format_report(report: RestrictionReport) -> str:
    """The report as text: each month's summary, then the figures as a table."""
    lines = [month.summary_ru() for month in report.months]
    width = max(len(spec.label) for spec in FIGURES)
    lines += [
        "",
        f"{'Показатель':<{width}}  "
        + "  ".join(f"{m.month:>12}" for m in report.months),
    ]
    for spec in FIGURES:
        suffix = " %" if spec.unit is Unit.PERCENT else ""
        cells = "  ".join(
            f"{f'{month[spec.key].value}{suffix}':>12}" for month in report.months
        )
        lines.append(f"{spec.label:<{width}}  {cells}")
    return "\n".join(lines)


def _decision_dict(decision: Decision) -> dict[str, Any]:
    return {
        "account": decision.account,
        "selected": decision.selected,
        "reason": decision.reason.value,
        "text": decision.text,
        "debt": str(decision.debt),
        "threshold": str(decision.threshold),
        "meter": decision.meter.value,
    }


def run_candidates(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk restriction candidates``: who to warn, and why."""
    database = _open(settings)
    try:
        with database.session() as session:
            decisions = select_candidates(
                session, on=_day(args), include_excluded=args.all
            )
    finally:
        database.close()
    if args.json:
        print(
            json.dumps(
                [_decision_dict(d) for d in decisions], ensure_ascii=False, indent=2
            )
        )
        return EXIT_OK
    for d in decisions:
        mark = "+" if d.selected else "-"
        print(f"{mark} {d.account}\t{d.debt}\t{d.text}")
    chosen = sum(d.selected for d in decisions)
    print(f"Отобрано: {chosen}.", file=sys.stderr)
    return EXIT_OK


def load_creditor(path: Path) -> Creditor:
    """Read the supplier's details from a JSON file.

    Raises:
        UserInputError: the file is missing, not JSON, or lacks a field.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Creditor(
            **{f.name: str(data[f.name]) for f in dataclasses.fields(Creditor)}
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        names = ", ".join(f.name for f in dataclasses.fields(Creditor))
        raise UserInputError(
            f"bad supplier file {path.name}: {type(error).__name__}",
            user_message=f"Файл реквизитов {path} не прочитан: нужны поля {names}.",
        ) from error


def run_warnings(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk restriction warnings``: .docx and texts per candidate; record sent."""
    creditor = load_creditor(args.supplier)
    day = _day(args)
    channel = Channel(args.channel)
    rules = load_rules().on(day)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise unwritable_path_error(args.out, error, what="в папку") from error
    database = _open(settings)
    try:
        with database.session() as session:
            chosen = [d for d in select_candidates(session, on=day) if d.selected]
            for number, decision in enumerate(chosen, start=1):
                account = session.get(DebtorAccount, decision.account)
                assert account is not None
                notice = WarningNotice(
                    creditor=creditor,
                    debtor=Debtor(
                        account.full_name,
                        account.address,
                        account.account,
                        account.address,
                    ),
                    debt=decision.debt,
                    debt_on=day,
                    threshold=decision.threshold,
                    warning_days=rules.warning_days,
                    smart=decision.meter.value == "smart",
                    document_date=day,
                    place=args.place,
                    number=f"П-{day:%Y%m%d}-{number:05d}",
                )
                stem = args.out / f"предупреждение-{account.account}"
                _write_warning(notice, stem)
            if args.send:
                send_warnings(
                    session,
                    [(d.account, d.debt) for d in chosen],
                    sent_on=day,
                    channel=channel,
                    user="cli",
                )
                session.commit()
    finally:
        database.close()
    sent = " и отмечено отправленными" if args.send else ""
    print(f"Предупреждений: {len(chosen)}{sent}; файлы в {args.out}.", file=sys.stderr)
    return EXIT_OK


def _write_warning(notice: WarningNotice, stem: Path) -> None:
    """The warning's .docx and its SMS, e-mail and bill texts beside it."""
    try:
        render(notice, stem.with_suffix(".docx"))
        for kind in TextKind:
            stem.with_name(f"{stem.name}.{kind.value}.txt").write_text(
                warning_text(notice, kind), encoding="utf-8"
            )
    except OSError as error:
        raise unwritable_path_error(stem.parent, error, what="в папку") from error


def run_deliver(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk restriction deliver``: record one delivery."""
    database = _open(settings)
    try:
        with database.session() as session:
            record_deliveries(
                session, [(args.account, _day(args), Channel(args.channel))], user="cli"
            )
            session.commit()
    finally:
        database.close()
    print(f"Доставка записана: {args.account}, {_day(args):%d.%m.%Y}.", file=sys.stderr)
    return EXIT_OK


def procedure_dict(procedure: Procedure) -> dict[str, Any]:
    """A procedure as JSON-ready data (the CLI's and the API's shape)."""

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    step = procedure.next_step
    return {
        "account": procedure.account,
        "warning_id": procedure.warning.row_id,
        "warning_sent": day(procedure.warning.day),
        "debt": str(procedure.debt),
        "delivered_on": day(procedure.delivered_on),
        "deadline": day(procedure.deadline),
        "paid_on": day(procedure.paid_on),
        "agreement_on": day(procedure.agreement_on),
        "restriction_from": day(procedure.restriction_from),
        "restricted_on": day(procedure.restricted_on),
        "suspension_from": day(procedure.suspension_from),
        "suspended_on": day(procedure.suspended_on),
        "resumption_due": day(procedure.resumption_due),
        "resumed_on": day(procedure.resumed_on),
        "stage": procedure.stage.value,
        "stage_label": STAGE_LABELS_RU[procedure.stage],
        "smart": procedure.smart,
        "next_step": None
        if step is None
        else {
            "action": step.action,
            "due": day(step.due),
            "measure": step.measure.value if step.measure else None,
            "basis": step.basis,
        },
        "flags": [flag.value for flag in procedure.flags],
        "flag_labels": [FLAG_LABELS_RU[flag] for flag in procedure.flags],
        "row_ids": list(procedure.row_ids),
    }


def run_queue(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk restriction queue``: flagged first, then what is due."""
    database = _open(settings)
    try:
        with database.session() as session:
            queue = restriction_queue(session, as_of=_day(args))
    finally:
        database.close()
    if args.json:
        data = {
            "as_of": queue.as_of.isoformat(),
            "flagged": [procedure_dict(p) for p in queue.flagged],
            "due": [procedure_dict(p) for p in queue.due],
            "stages": {stage.value: count for stage, count in queue.stages.items()},
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    for p in queue.flagged:
        labels = "; ".join(FLAG_LABELS_RU[f] for f in p.flags)
        print(f"! {p.account}\tпредупреждение {p.warning.day:%d.%m.%Y}\t{labels}")
    for p in queue.due:
        step = p.next_step
        due = f"{step.due:%d.%m.%Y}" if step and step.due else "—"
        action = step.action if step else ""
        print(f"  {p.account}\t{STAGE_LABELS_RU[p.stage]}\t{due}\t{action}")
    return EXIT_OK


def run_orders(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk restriction orders``: make the orders due, send remote ones."""
    # The metering system's URL comes from the option or the ``metering_url``
    # setting once the settings carry it.
    url = args.metering_url or str(getattr(settings, "metering_url", "") or "")
    client: HttpMeteringClient | FileDropClient
    if url:
        client = HttpMeteringClient(url)
    else:
        client = FileDropClient(args.drop or settings.home / "metering" / "outbox")
    database = _open(settings)
    try:
        with database.session() as session:
            issued = issue_orders(session, as_of=_day(args), user="cli", client=client)
            session.commit()
    finally:
        database.close()
        if isinstance(client, HttpMeteringClient):
            client.close()
    rows = [
        {
            "number": o.number,
            "account": o.account,
            "measure": o.measure.value,
            "due_on": o.due_on.isoformat() if o.due_on else None,
            "status": o.status.value,
        }
        for o in issued
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print("\t".join(str(value) for value in row.values()))
        print(f"Распоряжений: {len(rows)}.", file=sys.stderr)
    return EXIT_OK


def run_statuses(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk restriction statuses FILE``: apply a status file."""
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise UserInputError(
            f"cannot read {args.file.name}",
            user_message=f"Не удалось прочитать файл {args.file}.",
        ) from error
    lines = read_status_file(data, name=args.file.name)
    database = _open(settings)
    try:
        with database.session() as session:
            report = apply_statuses(session, lines, source=args.file.name, user="cli")
            session.commit()
    finally:
        database.close()
    print(
        f"Строк {report.lines}: выполнено {report.executed}, ошибок {report.failed}, "
        f"неизвестных распоряжений {len(report.unknown)}.",
        file=sys.stderr,
    )
    for line, number in report.unknown:
        print(f"  строка {line}: распоряжение «{number}» не найдено", file=sys.stderr)
    return EXIT_OK


def run_executed(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk restriction executed NUMBER``: a field crew's act is signed."""
    database = _open(settings)
    try:
        with database.session() as session:
            execute_field_order(
                session, args.number, executed_on=_day(args), user="cli"
            )
            session.commit()
    finally:
        database.close()
    print(f"Распоряжение {args.number} выполнено.", file=sys.stderr)
    return EXIT_OK
