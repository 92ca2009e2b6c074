"""CSV and XLSX exports of a search and of a folder, parsed back exactly."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from lexdesk.accounts import Role
from lexdesk.exports import COLUMNS
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.backend import open_backend
from search.records import DocumentRecord

SignIn = Callable[[TestClient, Path, str, Role], dict[str, str]]

HEADER = "Заголовок;Вид;Дата;Суд;Номер дела;Источник;Идентификатор;Фрагмент"


def _record(
    doc_id: str, title: str, date: dt.date, text: str, fields: dict[str, list[str]]
) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        title=title,
        kind=DocumentKind.COURT_ORDER,
        date=date,
        text=text,
        lemmas=lemma_stream(text),
        title_lemmas=lemma_stream(title),
        source=f"/cases/{doc_id}.pdf",
        file_sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
        format="pdf",
        meta={"fields": fields},
    )


# Two fictitious court orders; the second has a hostile title (a formula).
RECORDS = (
    _record(
        "order-3-2022",
        "Судебный приказ № 2-3/2022",
        dt.date(2022, 5, 4),
        "Взыскать с должника Орлова О. О. задолженность; пени & расходы.",
        {"court": ["Судебный участок № 3"], "case": ["2-3/2022"]},
    ),
    _record(
        "order-9-2023",
        '=HYPERLINK("http://127.0.0.1")',
        dt.date(2023, 1, 9),
        "Взыскать с должника Белова Б. Б. задолженность за электроэнергию.",
        {},
    ),
)


@pytest.fixture(scope="module")
def exporter(
    tmp_path_factory: pytest.TempPathFactory, signer: SignIn
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A started app over :data:`RECORDS` and a lawyer's headers."""
    data_dir = tmp_path_factory.mktemp("export-data")
    backend = open_backend(data_dir)
    for record in RECORDS:
        backend.write([record], file_sha256=record.file_sha256, source=record.source)
    backend.close()
    with TestClient(create_app(data_dir=data_dir)) as http:
        yield http, signer(http, data_dir, "exporter", Role.LAWYER)


def test_search_export_csv_is_exact(
    exporter: tuple[TestClient, dict[str, str]],
) -> None:
    http, lawyer = exporter
    response = http.get(
        "/search/export",
        params={"q": "должник", "sort": "date_asc", "format": "csv"},
        headers=lawyer,
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="poisk-')
    assert disposition.endswith('.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig") == (
        f"{HEADER}\r\n"
        "Судебный приказ № 2-3/2022;Судебный приказ;04.05.2022;Судебный участок № 3;"
        "2-3/2022;/cases/order-3-2022.pdf;order-3-2022;"
        '"Взыскать с должника Орлова О. О. задолженность; пени & расходы."\r\n'
        '"\'=HYPERLINK(""http://127.0.0.1"")";Судебный приказ;09.01.2023;;;'
        "/cases/order-9-2023.pdf;order-9-2023;"
        "Взыскать с должника Белова Б. Б. задолженность за электроэнергию.\r\n"
    )


def test_search_export_xlsx_is_exact(
    exporter: tuple[TestClient, dict[str, str]],
) -> None:
    http, lawyer = exporter
    response = http.get(
        "/search/export",
        params={"q": "пени", "format": "xlsx"},
        headers=lawyer,
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [
        COLUMNS,
        (
            "Судебный приказ № 2-3/2022",
            "Судебный приказ",
            dt.datetime(2022, 5, 4),
            "Судебный участок № 3",
            "2-3/2022",
            "/cases/order-3-2022.pdf",
            "order-3-2022",
            "Взыскать с должника Орлова О. О. задолженность; пени & расходы.",
        ),
    ]
    assert sheet.title == "Документы"
    assert sheet["C2"].number_format == "DD.MM.YYYY"


def test_search_export_empty_result_is_the_header_only(
    exporter: tuple[TestClient, dict[str, str]],
) -> None:
    http, lawyer = exporter
    response = http.get("/search/export", params={"q": "банк"}, headers=lawyer)

    assert response.content.decode("utf-8-sig") == f"{HEADER}\r\n"


def test_search_export_syntax_error_is_a_400_problem(
    exporter: tuple[TestClient, dict[str, str]],
) -> None:
    http, lawyer = exporter
    response = http.get("/search/export", params={"q": "(пени"}, headers=lawyer)

    assert response.status_code == 400
    assert response.json()["position"] == 0


def test_folder_export_csv_lists_its_documents(
    exporter: tuple[TestClient, dict[str, str]],
) -> None:
    http, lawyer = exporter
    folder = http.post("/folders", json={"name": "Орлов"}, headers=lawyer).json()["id"]
    http.put(f"/folders/{folder}/documents/order-3-2022", headers=lawyer)

    response = http.get(
        f"/folders/{folder}/export", params={"format": "csv"}, headers=lawyer
    )

    assert response.status_code == 200
    assert f'filename="papka-{folder}-' in response.headers["content-disposition"]
    assert response.content.decode("utf-8-sig") == (
        f"{HEADER}\r\n"
        "Судебный приказ № 2-3/2022;Судебный приказ;04.05.2022;Судебный участок № 3;"
        "2-3/2022;/cases/order-3-2022.pdf;order-3-2022;\r\n"
    )
