"""The casework subcommands of ``lexdesk``: ``import``, ``report``, ``restriction``.

``lexdesk import KIND FILE…`` loads billing registries (``all`` takes folders
and files and tells each file's registry by its name: ``payments_07.csv``);
``lexdesk report collection --month 2021-07`` prints the collection report;
``report restriction`` and ``restriction …`` come from
:mod:`casework.restriction.cli`.
Exit status: 0 success, 1 failure, 2 usage error, 3 when some files had bad
rows and were not applied (the others were).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from casework.models import RegistryKind
from casework.output_files import write_export
from casework.registry import FileReport, ImportStatus, import_files
from casework.registry_formats import load_mapping
from casework.report_export import report_to_docx, report_to_xlsx
from casework.report_files import Report
from casework.reports import FIGURES, CollectionReport, Unit, collection_report
from casework.restriction.cli import add_parsers as add_restriction_commands
from casework.restriction.cli import add_report_parser as add_restriction_report
from lexdesk.database import Database
from lexdesk.errors import UserInputError
from lexdesk.settings import Settings

EXIT_OK = 0
EXIT_PARTIAL = 3  # some files had bad rows and were not applied
# The pseudo-kind that imports every registry found, accounts first.
ALL_KINDS = "all"
REGISTRY_SUFFIXES = (".csv", ".xlsx", ".txt")


def add_parsers(commands: Any) -> None:
    """Add ``import`` and ``report`` to the ``lexdesk`` subcommands.

    Args:
        commands: the object returned by ``ArgumentParser.add_subparsers``; each
            parser gets ``handler(args, settings) -> int`` as its default.
    """
    load = commands.add_parser("import", help="загрузить реестры биллинга (CSV, XLSX)")
    load.add_argument(
        "kind",
        choices=[*(kind.value for kind in RegistryKind), ALL_KINDS],
        metavar="РЕЕСТР",
        help="accounts, balances, charges, payments, events или all (по имени файла)",
    )
    load.add_argument(
        "files", nargs="+", type=Path, metavar="ФАЙЛ", help="файлы (для all и папки)"
    )
    load.add_argument(
        "--mapping",
        type=Path,
        default=None,
        help='JSON-файл соответствия колонок: {"Лицевой счёт": "account"}',
    )
    load.add_argument("--json", action="store_true", help="итог в JSON на stdout")
    load.set_defaults(handler=run_import)

    report = commands.add_parser("report", help="отчёты")
    reports = report.add_subparsers(dest="report", required=True, metavar="ОТЧЁТ")
    collection = reports.add_parser(
        "collection", help="отчёт о взыскании задолженности за месяц или период"
    )
    collection.add_argument(
        "--month", required=True, metavar="ГГГГ-ММ", help="месяц (начало периода)"
    )
    collection.add_argument(
        "--to", default=None, metavar="ГГГГ-ММ", help="последний месяц периода"
    )
    collection.add_argument("--json", action="store_true", help="отчёт в JSON")
    collection.add_argument(
        "--trace", action="store_true", help="с идентификаторами строк реестров (JSON)"
    )
    collection.add_argument("--xlsx", type=Path, default=None, help="сохранить в XLSX")
    collection.add_argument("--docx", type=Path, default=None, help="сохранить в DOCX")
    collection.set_defaults(handler=run_report)
    add_restriction_report(reports)
    add_restriction_commands(commands)


def open_store(settings: Settings) -> Database:
    """Open the store the settings name, creating every lexdesk table if needed."""
    from lexdesk.store import open_store as open_lexdesk_store

    if not settings.database_url:
        settings.home.mkdir(parents=True, exist_ok=True)
    return open_lexdesk_store(settings.effective_database_url)


def link_court_documents(settings: Settings) -> int:
    """Link open cases to the court acts in the index; return how many were linked.

    Called after an ingest (new acts may decide known cases) and after an import
    of events (new cases may be decided by acts already indexed).
    """
    from casework.workflow import link_index
    from search.backend import open_configured_backend

    database = open_store(settings)
    backend = open_configured_backend(settings)
    try:
        with database.session() as session:
            links = link_index(session, backend)
    finally:
        backend.close()
        database.close()
    return len(links)


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk import``: load the files, print a line per file and its bad rows."""
    mapping = load_mapping(args.mapping) if args.mapping is not None else None
    plan = _plan_import(args.kind, args.files)
    database = open_store(settings)
    try:
        reports: list[FileReport] = []
        for kind, paths in plan:
            reports += import_files(database, kind, paths, mapping=mapping)
    finally:
        database.close()
    if args.json:
        print(
            json.dumps([_report_dict(r) for r in reports], ensure_ascii=False, indent=2)
        )
    else:
        for report in reports:
            print(_report_line(report))
            for error in report.errors:
                print(
                    f"  {error.file}:{error.line}: [{error.column}] «{error.value}» — "
                    f"{error.reason}"
                )
            if report.error_count > len(report.errors):
                print(f"  … и ещё {report.error_count - len(report.errors)} ошибок")
    if any(report.status is ImportStatus.APPLIED for report in reports):
        linked = link_court_documents(settings)
        if linked and not args.json:
            print(
                f"Связано дел с судебными актами из индекса: {linked}.", file=sys.stderr
            )
    rejected = any(report.status is ImportStatus.REJECTED for report in reports)
    return EXIT_PARTIAL if rejected else EXIT_OK


def _plan_import(
    kind: str, files: Sequence[Path]
) -> list[tuple[RegistryKind, list[Path]]]:
    """Which files go to which registry, in dependency order (accounts first)."""
    for path in files:
        if not path.exists():
            raise UserInputError(
                f"path does not exist: {path}", user_message=f"Путь не найден: {path}"
            )
    if kind != ALL_KINDS:
        return [(RegistryKind(kind), list(files))]
    found: list[Path] = []
    for path in files:
        if path.is_dir():
            found += sorted(
                p for p in path.iterdir() if p.suffix.lower() in REGISTRY_SUFFIXES
            )
        else:
            found.append(path)
    plan = []
    for registry in RegistryKind:
        chosen = [p for p in found if p.name.lower().startswith(registry.value)]
        if chosen:
            plan.append((registry, chosen))
    unmatched = [p for p in found if not any(p in chosen for _, chosen in plan)]
    if unmatched or not plan:
        names = ", ".join(p.name for p in unmatched) or "нет файлов"
        raise UserInputError(
            f"cannot tell the registry of {len(unmatched)} files",
            user_message=(
                f"Не понять, к какому реестру относятся файлы: {names}. Имя файла "
                "должно начинаться с accounts, balances, charges, payments или events."
            ),
        )
    return plan


_STATUS_RU = {
    ImportStatus.APPLIED: "загружен",
    ImportStatus.ALREADY_IMPORTED: "уже был загружен, пропущен",
    ImportStatus.REJECTED: "НЕ загружен: ошибки в строках",
}


def _report_line(report: FileReport) -> str:
    line = f"{report.file} ({report.kind.value}): {_STATUS_RU[report.status]}"
    if report.status is ImportStatus.APPLIED:
        line += (
            f"; строк {report.rows}, записано {report.written}, "
            f"уже были {report.skipped}"
        )
    elif report.status is ImportStatus.REJECTED:
        line += f"; ошибок {report.error_count}"
    return line


def _report_dict(report: FileReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "kind": report.kind.value,
        "status": report.status.value,
        "sha256": report.sha256,
        "format": report.format,
        "encoding": report.encoding,
        "rows": report.rows,
        "written": report.written,
        "skipped": report.skipped,
        "batch_id": report.batch_id,
        "error_count": report.error_count,
        "errors": [
            {
                "file": e.file,
                "line": e.line,
                "column": e.column,
                "value": e.value,
                "reason": e.reason,
            }
            for e in report.errors
        ],
    }


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    """``lexdesk report collection``: print the report, optionally save files."""
    database = open_store(settings)
    try:
        with database.session() as session:
            report = collection_report(session, first=args.month, last=args.to)
    finally:
        database.close()
    return emit_report(
        args,
        report,
        to_xlsx=report_to_xlsx,
        to_docx=report_to_docx,
        as_text=format_report,
    )


R = TypeVar("R", bound=Report)


def emit_report(
    args: argparse.Namespace,
    report: R,
    *,
    to_xlsx: Callable[[R], bytes],
    to_docx: Callable[[R], bytes],
    as_text: Callable[[R], str],
) -> int:
    """Save the files ``--xlsx``/``--docx`` ask for, print JSON or text; exit 0."""
    if args.xlsx is not None:
        write_export(args.xlsx, to_xlsx(report))
        print(f"Сохранено: {args.xlsx}", file=sys.stderr)
    if args.docx is not None:
        write_export(args.docx, to_docx(report))
        print(f"Сохранено: {args.docx}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(report.to_dict(trace=args.trace), ensure_ascii=False, indent=2)
        )
    else:
        print(as_text(report))
    return EXIT_OK


def format_report(report: CollectionReport) -> str:
    """The report as text: each month's summary, then the figures as a table."""
    lines = [month.summary_ru() for month in report.months]
    width = max(len(spec.label) for spec in FIGURES)
    lines.append("")
    lines.append(
        f"{'Показатель':<{width}}  "
        + "  ".join(f"{m.month:>15}" for m in report.months)
    )
    for spec in FIGURES:
        values = [month[spec.key].value for month in report.months]
        suffix = {Unit.COUNT: "", Unit.RUB: "", Unit.PERCENT: " %"}[spec.unit]
        cells = "  ".join(f"{f'{value}{suffix}':>15}" for value in values)
        lines.append(f"{spec.label:<{width}}  {cells}")
    return "\n".join(lines)
