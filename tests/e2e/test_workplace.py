"""The lawyer's workplace end to end: real servers, a real headless Chromium.

The test ingests ``corpus_samples`` into a fresh data directory, adds a lawyer
with ``lexdesk users add``, starts ``lexdesk serve`` and ``lexdesk ui`` on free
loopback ports, and drives Debian's Chromium (``/usr/bin/chromium``, never a
downloaded browser) through a lawyer's day: sign in, search, open the first hit,
follow a citation to its article, read ст. 544 ГК РФ, upload a file, export the
results, find precedents of a pasted text, open a folder for the matter. Each step
leaves a screenshot in ``test-artifacts/screenshots/`` (kept by CI) and asserts on
what the page says, not only that it loaded.

It skips only when Chromium is missing and ``LEXDESK_REQUIRE_BROWSER`` is unset;
CI sets the variable, so there a missing browser fails the run.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")

# Chromium's own background traffic (updates, sync, QUIC probes) is refused on a
# closed network and only slows start-up; the test needs none of it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A laptop screen: the pages must read well at this size.
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}

USER = "e2e-lawyer"
PASSWORD = "пароль для проверки рабочего места"
QUERY = "взыскание задолженности"

# Guards against a server or a page that never comes, not timing assertions.
STARTUP_LIMIT_S = 120.0
STEP_LIMIT_MS = 60_000

# The CSV export's header row (lexdesk.exports; UTF-8 with a BOM, «;» between).
EXPORT_HEADER = [
    "Заголовок",
    "Вид",
    "Дата",
    "Суд",
    "Номер дела",
    "Источник",
    "Идентификатор",
    "Фрагмент",
]

# A fictitious court order uploaded in the upload step (names are invented).
UPLOAD_TEXT = """\
СУДЕБНЫЙ ПРИКАЗ
Дело № 2-7781/2024

12 марта 2024 года мировой судья судебного участка № 9 Западного округа
г. Белгорода, рассмотрев заявление АО «Светлоградэнергосбыт» о взыскании
задолженности за электрическую энергию с должника Сидорова Петра Ильича,
руководствуясь ст. 544 ГК РФ, ст. 155 ЖК РФ, ст. 122, 126 ГПК РФ,
ПРИКАЗАЛ:
Взыскать с должника Сидорова Петра Ильича в пользу АО «Светлоградэнергосбыт»
задолженность за электрическую энергию в размере 12 480 руб. 15 коп.
"""

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass(frozen=True)
class Servers:
    """The running API and UI."""

    api_url: str
    ui_url: str


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("LEXDESK_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM} is missing and LEXDESK_REQUIRE_BROWSER is set")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _lexdesk(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "lexdesk", *args],
        env=env,
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def _wait_for(url: str, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                pytest.fail(f"a server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Ingest the samples, add a lawyer, start API and UI; stop them afterwards."""
    _require_browser()
    home = tmp_path_factory.mktemp("e2e-home")
    api_port, ui_port = _free_port(), _free_port()
    api_url = f"http://127.0.0.1:{api_port}"
    env = {
        **os.environ,
        "LEXDESK_HOME": str(home),
        "LEXDESK_API_URL": api_url,
        "LEXDESK_API_HOST": "127.0.0.1",
    }
    ingested = _lexdesk(env, "ingest", "--no-progress", str(REPO / "corpus_samples"))
    assert "отклонено: 0" in ingested
    _lexdesk(
        env,
        "users",
        "add",
        USER,
        "--role",
        "lawyer",
        "--password-stdin",
        stdin=PASSWORD,
    )

    logs = home / "logs"
    logs.mkdir()
    commands = {
        "api": ["serve", "--port", str(api_port)],
        "ui": ["ui", "--port", str(ui_port)],
    }
    processes = []
    for name, args in commands.items():
        with (logs / f"{name}.log").open("wb") as log:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "lexdesk", *args],
                    env=env,
                    cwd=REPO,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    try:
        _wait_for(f"{api_url}/health", processes)
        ui_url = f"http://127.0.0.1:{ui_port}"
        _wait_for(f"{ui_url}/_stcore/health", processes)
        yield Servers(api_url=api_url, ui_url=ui_url)
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


@pytest.fixture
def page(servers: Servers) -> Iterator[Page]:
    """A page of a fresh headless Chromium profile, sized like a laptop screen."""
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="lexdesk-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=VIEWPORT,
            accept_downloads=True,
            locale="ru-RU",
        )
        context.set_default_timeout(STEP_LIMIT_MS)
        try:
            yield context.new_page()
        finally:
            context.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def test_workplace_lawyer_day(servers: Servers, page: Page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=STEP_LIMIT_MS)

    # 1. Sign in.
    page.goto(servers.ui_url)
    expect(page.get_by_role("heading", name="Вход")).to_be_visible()
    page.get_by_label("Имя пользователя").fill(USER)
    page.get_by_label("Пароль", exact=True).fill(PASSWORD)
    _shot(page, "01-login.png")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", name="Поиск по документам")).to_be_visible()
    expect(page.get_by_text(f"Вы вошли как {USER} (юрист)")).to_be_visible()

    # 2. Search: a count, facets, and snippets with the query's words marked.
    page.get_by_role("textbox", name="Запрос").fill(QUERY)
    page.get_by_role("button", name="Найти").click()
    found = page.get_by_text(re.compile(r"Найдено документов: \d+\. Показаны 1–10\."))
    expect(found).to_be_visible()
    total = int(re.findall(r"\d+", found.inner_text())[0])
    assert total >= 10
    marks = page.locator("mark").all_inner_texts()
    assert any(mark.lower().startswith("взыскани") for mark in marks), marks
    assert any(mark.lower().startswith("задолженност") for mark in marks), marks
    expect(page.get_by_text("Уточнить")).to_be_visible()
    _shot(page, "02-search.png")

    # 3. The first hit: its case number highlighted, its citations as links.
    main = page.get_by_test_id("stMain")
    first_title = main.locator("strong").first.inner_text()
    page.get_by_role("button", name="Открыть").first.click()
    expect(page.get_by_role("heading", name=first_title)).to_be_visible()
    case_mark = page.locator(".doc-text mark.fact-case").first
    expect(case_mark).to_be_visible()
    assert re.fullmatch(r"\S*\d+-\d+/\d{4}\S*", case_mark.inner_text())
    expect(page.get_by_text("Сведения о деле")).to_be_visible()
    citation_links = page.get_by_role("link", name=re.compile(r"§ "))
    expect(citation_links.first).to_be_visible()
    # The link's text is its page icon's name, then «§ ст. 122 ГПК РФ».
    cited = citation_links.first.inner_text().rpartition("§ ")[2].strip()
    expect(page.get_by_text("Похожие документы (практика)")).to_be_visible()
    _shot(page, "03-document.png")

    # 4. Follow the first citation to its article and the documents citing it.
    citation_links.first.click()
    expect(page.get_by_role("heading", name="Статьи и цитирование")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(re.escape(cited)))
    ).to_be_visible()
    citing = page.get_by_role("heading", name=re.compile(r"^Цитируют: \d+$"))
    expect(citing).to_be_visible()
    assert int(citing.inner_text().split()[-1]) >= 1
    _shot(page, "04-citation.png")

    # 5. Paste «ст. 544 ГК РФ»: the article's heading and text, its citing documents.
    page.get_by_role("textbox", name="Ссылка на норму").fill("ст. 544 ГК РФ")
    page.get_by_role("button", name="Показать").click()
    heading = page.get_by_role("heading", name="ст. 544 ГК РФ. Оплата энергии")
    expect(heading).to_be_visible()
    expect(
        page.get_by_text("Оплата энергии производится за фактически принятое")
    ).to_be_visible()
    expect(page.get_by_text("По годам")).to_be_visible()
    _shot(page, "05-article.png")

    # 6. Upload a file: it is indexed.
    upload = tmp_path / "prikaz-2-7781-2024.txt"
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    page.get_by_role("link", name="Загрузка").click()
    expect(page.get_by_role("heading", name="Загрузка документов")).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(upload))
    send = page.get_by_role("button", name="Загрузить", exact=True)
    expect(send).to_be_enabled()
    send.click()
    expect(page.get_by_text(f"{upload.name} — проиндексирован")).to_be_visible()
    _shot(page, "06-upload.png")

    # 7. Back to the search (kept in the session): export it as CSV.
    page.get_by_role("link", name="Поиск").click()
    expect(found).to_be_visible()
    page.get_by_role("button", name="Подготовить файл").click()
    download_button = page.get_by_role("button", name=re.compile(r"^Скачать poisk-"))
    expect(download_button).to_be_visible()
    download_button.scroll_into_view_if_needed()
    _shot(page, "07-export.png")
    with page.expect_download() as downloaded:
        download_button.click()
    saved = tmp_path / downloaded.value.suggested_filename
    downloaded.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == EXPORT_HEADER
    assert len(rows) == total + 2  # the uploaded order matches the query too

    # 8. Precedents of a pasted text that is not added to the base.
    page.get_by_role("link", name="Найти похожие").click()
    expect(page.get_by_role("heading", name="Найти похожие")).to_be_visible()
    page.get_by_role("textbox", name="Текст документа").fill(UPLOAD_TEXT)
    page.get_by_role("button", name="Найти похожие", exact=True).click()
    expect(page.get_by_text("Нормы в тексте:")).to_be_visible()
    reasons = page.get_by_text(re.compile(r"^Почему похож: "))
    expect(reasons.first).to_be_visible()
    assert reasons.count() >= 3
    _shot(page, "08-similar.png")

    # 9. A folder for the matter.
    page.get_by_role("link", name="Папки").click()
    expect(page.get_by_role("heading", name="Папки")).to_be_visible()
    page.get_by_text("Новая папка").click()
    page.get_by_role("textbox", name="Название").fill("Дело Сидорова П. И.")
    page.get_by_role("button", name="Создать").click()
    expect(page.get_by_text("Папка «Дело Сидорова П. И.» создана.")).to_be_visible()
    expect(page.get_by_text("В папке пока нет документов.")).to_be_visible()
    _shot(page, "09-folders.png")
