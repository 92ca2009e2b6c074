"""The ``lexdesk`` command: thin verb subcommands over plain functions.

Data goes to stdout, messages to stderr (in Russian). Exit status: 0 success,
1 failure (one line naming the cause), 2 usage error, and for ``ingest`` 3 when
some files were rejected while the rest were indexed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casework.cli import add_parsers as add_casework_parsers
from lexdesk import __version__
from lexdesk.errors import LexdeskError, UserInputError
from lexdesk.migrate import add_parsers as add_migrate_parsers
from lexdesk.research_cli import add_parsers as add_research_parsers
from lexdesk.settings import Settings, get_settings
from lexdesk.users_cli import add_users_parser

logger = logging.getLogger("lexdesk")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # ingest: some files rejected, the rest indexed


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose - args.quiet)
    try:
        settings = get_settings()
    except ValidationError as error:
        print(f"lexdesk: {_settings_problem(error)}", file=sys.stderr)
        return EXIT_USAGE
    if args.home is not None:
        settings = settings.model_copy(update={"home": args.home})
    try:
        status: int = args.handler(args, settings)
    except UserInputError as error:
        print(f"lexdesk: {error.user_message}", file=sys.stderr)
        return EXIT_USAGE
    except LexdeskError as error:
        print(f"lexdesk: {error.user_message}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("lexdesk: прервано пользователем", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:
        # A file or folder named on the command line cannot be read or written.
        where = f": {error.filename}" if error.filename else ""
        print(
            f"lexdesk: ошибка файловой системы ({error.strerror}){where}",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return status


def _settings_problem(error: ValidationError) -> str:
    """One Russian line naming the environment variables that are malformed."""
    names = ", ".join(
        "LEXDESK_" + str(item["loc"][0]).upper()
        for item in error.errors()
        if item["loc"]
    )
    return (
        f"неверное значение переменной окружения {names}: см. таблицу настроек "
        "в README (раздел «Settings»)."
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lexdesk",
        description="Поиск и аналитика судебной практики и законодательства.",
    )
    parser.add_argument("--version", action="version", version=f"lexdesk {__version__}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="подробнее в журнале (можно дважды)",
    )
    parser.add_argument(
        "-q", "--quiet", action="count", default=0, help="тише: только ошибки"
    )
    parser.add_argument(
        "--home",
        type=Path,
        default=None,
        help="каталог данных (по умолчанию LEXDESK_HOME или ./lexdesk-data)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="КОМАНДА")

    ingest = commands.add_parser("ingest", help="загрузить файлы и папки в индекс")
    ingest.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="ПУТЬ",
        help="файлы и папки (папки обходятся рекурсивно)",
    )
    ingest.add_argument("--json", action="store_true", help="итог в JSON на stdout")
    ingest.add_argument(
        "--no-progress", action="store_true", help="без индикатора выполнения"
    )
    ingest.set_defaults(handler=_cmd_ingest)

    search = commands.add_parser("search", help="найти документы")
    search.add_argument(
        "query", metavar="ЗАПРОС", help="запрос на языке запросов lexdesk"
    )
    search.add_argument("--json", action="store_true", help="результат в JSON")
    search.add_argument(
        "--limit",
        type=_positive_int,
        default=10,
        help="сколько документов показать (по умолчанию 10)",
    )
    search.add_argument("--offset", type=int, default=0, help="сколько пропустить")
    search.add_argument(
        "--kind",
        action="append",
        default=[],
        help="вид документа (можно несколько): court_decision, "
        "court_order, ruling, statute_article, …",
    )
    search.add_argument(
        "--date-from",
        type=dt.date.fromisoformat,
        default=None,
        help="не ранее даты ГГГГ-ММ-ДД",
    )
    search.add_argument(
        "--date-to",
        type=dt.date.fromisoformat,
        default=None,
        help="не позднее даты ГГГГ-ММ-ДД",
    )
    search.add_argument(
        "--sort",
        choices=["relevance", "date_desc", "date_asc"],
        default="relevance",
        help="порядок: релевантность или дата",
    )
    search.set_defaults(handler=_cmd_search)

    show = commands.add_parser("show", help="показать документ по идентификатору")
    show.add_argument("id", metavar="ID", help="идентификатор документа")
    show.add_argument("--json", action="store_true", help="документ в JSON")
    show.set_defaults(handler=_cmd_show)

    serve = commands.add_parser("serve", help="запустить API (FastAPI)")
    serve.add_argument("--host", default=None, help="адрес (по умолчанию 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=None, help="порт (по умолчанию 8000)"
    )
    serve.set_defaults(handler=_cmd_serve)

    ui = commands.add_parser("ui", help="запустить рабочее место (Streamlit)")
    ui.add_argument("--port", type=int, default=None, help="порт (по умолчанию 8501)")
    ui.set_defaults(handler=_cmd_ui)

    start = commands.add_parser("start", help="запустить API и рабочее место вместе")
    start.set_defaults(handler=_cmd_start)

    bench = commands.add_parser(
        "bench", help="замеры скорости (наш путь против голой библиотеки)"
    )
    bench.add_argument(
        "--quick", action="store_true", help="малые объёмы, для проверки"
    )
    bench.add_argument(
        "--only",
        action="append",
        default=[],
        help="только эти этапы: pdf, docx, index, api, casework_docs",
    )
    bench.add_argument("--json", action="store_true", help="результаты в JSON")
    bench.set_defaults(handler=_cmd_bench)
    evaluate = commands.add_parser(
        "eval", help="качество NLP на размеченном наборе gold/ (P, R, F1, факты)"
    )
    evaluate.add_argument("--json", action="store_true", help="показатели в JSON")
    evaluate.add_argument(
        "--verbose", action="store_true", help="перечислить все ошибки"
    )
    evaluate.add_argument(
        "--record", action="store_true", help="записать показатели в gold/figures.json"
    )
    evaluate.set_defaults(handler=_cmd_eval)
    add_users_parser(commands)
    add_research_parsers(commands)
    add_casework_parsers(commands)
    add_migrate_parsers(commands)
    return parser


# Most hits one page may show; more is an export, not a search.
MAX_LIMIT = 1000


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("нужно целое число") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"нужно целое число от 1 до {MAX_LIMIT}")
    return value


def _configure_logging(level: int) -> None:
    levels = {-2: logging.ERROR, -1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}
    logging.basicConfig(
        level=levels.get(level, logging.DEBUG if level > 1 else logging.ERROR),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _open(settings: Settings):  # type: ignore[no-untyped-def]
    from search.backend import open_configured_backend

    return open_configured_backend(settings)


def _cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.pipeline import FileResult, Outcome, ingest
    from lexdesk.progress import progress_bar

    backend = _open(settings)
    show_progress = not args.no_progress and not args.json
    with progress_bar("Загрузка", enabled=show_progress) as bar:

        def on_file(result: FileResult) -> None:
            bar.advance(result.path.name)

        report = ingest(
            args.paths,
            backend,
            on_file=on_file,
            on_found=bar.set_total,
            home=settings.home,
        )

    summary = {
        "indexed": report.count(Outcome.INDEXED),
        "unchanged": report.count(Outcome.UNCHANGED),
        "rejected": report.count(Outcome.REJECTED),
        "documents": report.documents,
        "rejections": [
            {"path": str(r.path), "reason": r.reason} for r in report.rejected
        ],
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(
            f"Проиндексировано файлов: {summary['indexed']} (документов: "
            f"{summary['documents']}), без изменений: {summary['unchanged']}, "
            f"отклонено: {summary['rejected']}.",
            file=sys.stderr,
        )
        for rejection in report.rejected:
            print(f"  отклонён {rejection.path}: {rejection.reason}", file=sys.stderr)
    if not report.results:
        print("lexdesk: файлов для загрузки не найдено", file=sys.stderr)
        return EXIT_OK
    if report.count(Outcome.INDEXED):
        from casework.cli import link_court_documents

        linked = link_court_documents(settings)
        if linked and not args.json:
            print(f"Связано дел с судебными актами: {linked}.", file=sys.stderr)
    return EXIT_PARTIAL if report.rejected else EXIT_OK


def hit_to_json(hit: Any) -> dict[str, Any]:
    """The documented JSON shape of one search hit (README, «Формат --json»)."""
    data = asdict(hit)
    data["kind"] = hit.kind.value
    data["date"] = hit.date.isoformat() if hit.date else None
    return data


def _cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from nlp.kinds import KIND_LABELS_RU, DocumentKind
    from search.records import SearchRequest, SortOrder

    try:
        kinds = tuple(DocumentKind(kind) for kind in args.kind)
    except ValueError:
        allowed = ", ".join(kind.value for kind in DocumentKind)
        raise UserInputError(
            f"unknown kind in {args.kind}",
            user_message=f"Неизвестный вид документа. Допустимые: {allowed}.",
        ) from None
    request = SearchRequest(
        query=args.query,
        kinds=kinds,
        date_from=args.date_from,
        date_to=args.date_to,
        limit=args.limit,
        offset=max(0, args.offset),
        sort=SortOrder(args.sort),
    )
    result = _open(settings).search(request)
    if args.json:
        payload = {"total": result.total, "hits": [hit_to_json(h) for h in result.hits]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Найдено документов: {result.total}", file=sys.stderr)
    for number, hit in enumerate(result.hits, start=request.offset + 1):
        date = hit.date.strftime("%d.%m.%Y") if hit.date else "без даты"
        print(f"{number}. {hit.title} [{KIND_LABELS_RU[hit.kind]}, {date}] id={hit.id}")
        print(f"   {_plain(hit.snippet)}")
    return EXIT_OK


def _plain(snippet: str) -> str:
    """Render a snippet for the terminal: marks as bold, entities unescaped."""
    import html

    bold = "\033[1m" if sys.stdout.isatty() else ""
    reset = "\033[0m" if sys.stdout.isatty() else ""
    text = snippet.replace("<mark>", bold + "«").replace("</mark>", "»" + reset)
    return html.unescape(text)


def document_to_json(record: Any) -> dict[str, Any]:
    """The documented JSON shape of ``show --json``: exactly ``GET /documents/{id}``."""
    from api.schemas import DocumentResponse

    data: dict[str, Any] = DocumentResponse.from_record(record).model_dump(mode="json")
    return data


def _cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    record = _open(settings).get(args.id)
    if record is None:
        print(f"lexdesk: документ {args.id!r} не найден", file=sys.stderr)
        return EXIT_FAILURE
    if args.json:
        print(json.dumps(document_to_json(record), ensure_ascii=False, indent=2))
        return EXIT_OK
    date = record.date.strftime("%d.%m.%Y") if record.date else "без даты"
    print(f"{record.title}\n{record.kind.value}, {date}, {record.source}\n")
    print(record.text)
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    os.environ["LEXDESK_HOME"] = str(settings.home)
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host or settings.api_host,
        port=args.port or settings.api_port,
        # `lexdesk -v serve` shows one line per request (api.app logs them at INFO).
        log_level="info" if logging.getLogger().level <= logging.INFO else "warning",
    )
    return EXIT_OK


def _ui_command(settings: Settings, port: int) -> list[str]:
    import ui

    app = Path(ui.__file__).parent / "app.py"
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        settings.api_host,
        "--server.headless",
        "true",
        "--client.toolbarMode",
        "minimal",
        "--browser.gatherUsageStats",
        "false",
    ]


def _cmd_ui(args: argparse.Namespace, settings: Settings) -> int:
    env = {**os.environ, "LEXDESK_API_URL": settings.effective_api_url}
    return subprocess.call(
        _ui_command(settings, args.port or settings.ui_port), env=env
    )


def _cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    from lexdesk.users_cli import (
        FIRST_ADMIN,
        FIRST_ADMIN_PASSWORD_FILE,
        ensure_first_admin,
    )

    for name, port in (
        ("LEXDESK_API_PORT", settings.api_port),
        ("LEXDESK_UI_PORT", settings.ui_port),
    ):
        _check_port_free(settings.api_host, port, name)
    first_password = ensure_first_admin(settings)
    env = {
        **os.environ,
        "LEXDESK_HOME": str(settings.home),
        "LEXDESK_API_URL": settings.effective_api_url,
    }

    # The servers run in their own sessions, so a terminal's Ctrl+C reaches only
    # this process; SIGTERM and SIGHUP (a service stop, a closed terminal, a
    # timeout) are turned into the same orderly exit, which stops both.
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        api = subprocess.Popen(
            [sys.executable, "-m", "lexdesk", "serve"], env=env, start_new_session=True
        )
        processes.append(api)
        ui = subprocess.Popen(
            _ui_command(settings, settings.ui_port),
            env=env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        processes.append(ui)
        if not _wait_for_api(settings.effective_api_url, api):
            print("lexdesk: API не запустился (см. сообщения выше)", file=sys.stderr)
            return EXIT_FAILURE
        print(
            f"API:           {settings.effective_api_url}  (документация: "
            f"{settings.effective_api_url}/docs)"
        )
        print(f"Рабочее место: http://{settings.api_host}:{settings.ui_port}")
        if first_password is not None:
            print(
                f"Вход: {FIRST_ADMIN} / {first_password}  (администратор создан при "
                f"первом запуске; пароль сохранён в "
                f"{settings.home / FIRST_ADMIN_PASSWORD_FILE})"
            )
        print("Остановить: Ctrl+C", file=sys.stderr, flush=True)
        while api.poll() is None and ui.poll() is None:
            time.sleep(1)
        print("lexdesk: один из серверов остановился", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        _stop_processes(processes)


def _check_port_free(host: str, port: int, setting: str) -> None:
    """Refuse to start when another program already listens on the port."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise UserInputError(
                f"port {port} on {host} is taken",
                user_message=(
                    f"Порт {port} на {host} уже занят другой программой: остановите её "
                    f"или задайте другой порт в {setting}."
                ),
            ) from None


def _wait_for_api(url: str, api: subprocess.Popen[bytes]) -> bool:
    """Wait up to a minute for our API to answer /health; False if it died."""
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if api.poll() is not None:
            return False
        try:
            httpx.get(f"{url}/health", timeout=1).raise_for_status()
            return True
        except httpx.HTTPError:
            time.sleep(0.5)
    return False


def _stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop the servers' process groups: politely, then by force after 10 s."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from lexdesk.eval import main as eval_main

    flags = [
        f"--{name}" for name in ("json", "verbose", "record") if getattr(args, name)
    ]
    return eval_main(flags)


def _cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from lexdesk.bench.runner import run_benchmarks

    return run_benchmarks(only=args.only, quick=args.quick, as_json=args.json)


if __name__ == "__main__":
    raise SystemExit(main())
