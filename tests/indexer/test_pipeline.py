"""The ingest run over real files: indexed, unchanged and rejected, with reasons."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from indexer.pipeline import Outcome, ingest
from nlp.kinds import DocumentKind
from search.records import SearchRequest
from search.sqlite import SqliteBackend

REPO = Path(__file__).resolve().parents[2]
STATUTES = REPO / "corpus_samples" / "statutes"
SHARED_REAL = REPO.parent / "shared" / "corpus" / "real"

DECISION_CP1251 = (
    "СВЕРДЛОВСКИЙ РАЙОННЫЙ СУД Г. БЕЛГОРОДА\n"
    "Дело № 2-777/2021\n"
    "Р Е Ш Е Н И Е\nИменем Российской Федерации\n"
    "15 июля 2021 года г. Белгород\n"
    "Суд установил: с должника подлежит взысканию задолженность за электроэнергию.\n"
)


def make_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Период"
    table.cell(0, 1).text = "Сумма долга"
    table.cell(1, 0).text = "июль 2021"
    table.cell(1, 1).text = "1 234,56 руб."
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "decision.txt").write_bytes(DECISION_CP1251.encode("cp1251"))
    order = make_docx("СУДЕБНЫЙ ПРИКАЗ\nДело № 2-888/2022\nВзыскать с должника пени.")
    (folder / "order.docx").write_bytes(order)
    (folder / "corrupt.pdf").write_bytes(
        b"%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage"
    )
    (folder / "truncated.docx").write_bytes(order[: len(order) // 3])
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    (folder / "empty.txt").write_bytes(b"")
    copies = folder / "zz-copies"
    copies.mkdir()
    (copies / "same-decision.txt").write_bytes(DECISION_CP1251.encode("cp1251"))
    (folder / ".hidden.txt").write_text("не для индекса", encoding="utf-8")
    return folder


def outcomes(report: object) -> dict[str, tuple[Outcome, str]]:
    return {r.path.name: (r.outcome, r.reason) for r in report.results}  # type: ignore[attr-defined]


def test_ingest_indexes_good_files_and_rejects_bad_ones(
    batch: Path, tmp_path: Path
) -> None:
    backend = SqliteBackend(tmp_path / "index.sqlite3")
    report = ingest([batch], backend)
    result = outcomes(report)
    assert sorted(result) == [
        "corrupt.pdf",
        "decision.txt",
        "empty.txt",
        "order.docx",
        "photo.jpg",
        "same-decision.txt",
        "truncated.docx",
    ]
    assert result["decision.txt"][0] is Outcome.INDEXED
    assert result["order.docx"][0] is Outcome.INDEXED
    assert result["same-decision.txt"][0] is Outcome.UNCHANGED
    assert result["corrupt.pdf"][0] is Outcome.REJECTED
    assert "PDF" in result["corrupt.pdf"][1]
    assert result["truncated.docx"][0] is Outcome.REJECTED
    assert "DOCX" in result["truncated.docx"][1]
    assert result["photo.jpg"] == (
        Outcome.REJECTED,
        "Формат файла не поддерживается (.jpg): принимаются PDF, DOCX, RTF, DOC, HTML "
        "и текстовые файлы.",
    )
    assert result["empty.txt"] == (Outcome.REJECTED, "Файл пустой (0 байт).")
    assert backend.count() == 2

    hits = backend.search(SearchRequest("должнику")).hits
    assert sorted(hit.title for hit in hits) == [
        "Решение суда по делу № 2-777/2021",
        "Судебный приказ по делу № 2-888/2022",
    ]
    decision = next(hit for hit in hits if hit.kind is DocumentKind.COURT_DECISION)
    assert decision.date is not None
    assert decision.date.isoformat() == "2021-07-15"
    assert "<mark>должника</mark>" in decision.snippet
    tables = backend.search(SearchRequest('"1 234,56"')).hits
    assert [hit.title for hit in tables] == ["Судебный приказ по делу № 2-888/2022"]


def test_ingest_second_run_writes_nothing(batch: Path, tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "index.sqlite3")
    ingest([batch], backend)
    changes_before = backend._db.total_changes
    report = ingest([batch], backend)
    assert report.count(Outcome.INDEXED) == 0
    assert report.count(Outcome.UNCHANGED) == 3
    assert report.count(Outcome.REJECTED) == 4
    assert backend._db.total_changes == changes_before
    assert backend.count() == 2


def test_ingest_replaces_an_edited_file(batch: Path, tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "index.sqlite3")
    ingest([batch / "decision.txt"], backend)
    edited = DECISION_CP1251.replace("задолженность", "неустойка")
    (batch / "decision.txt").write_bytes(edited.encode("cp1251"))
    report = ingest([batch / "decision.txt"], backend)
    assert report.count(Outcome.INDEXED) == 1
    assert backend.count() == 1
    assert backend.search(SearchRequest("задолженность")).total == 0
    assert backend.search(SearchRequest("неустойка")).total == 1


def test_ingest_splits_statutes_into_articles(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "index.sqlite3")
    report = ingest([STATUTES], backend)
    assert report.count(Outcome.REJECTED) == 0
    result = backend.search(SearchRequest('"оплата энергии" kind:statute_article'))
    assert result.hits[0].title == "ст. 544 ГК РФ. Оплата энергии"
    record = backend.get(result.hits[0].id)
    assert record is not None
    assert record.meta["statute"]["key"] == "gk_rf:544"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="../shared/corpus/real is absent")
def test_ingest_real_corpus_indexes_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "real"
    shutil.copytree(SHARED_REAL, folder, ignore=shutil.ignore_patterns("MANIFEST.tsv"))
    backend = SqliteBackend(tmp_path / "index.sqlite3")
    report = ingest([folder], backend)
    assert [(r.path.name, r.reason) for r in report.rejected] == []
    assert report.count(Outcome.INDEXED) == len(list(folder.iterdir()))
    hits = backend.search(SearchRequest("ответчику kind:court_decision", limit=50)).hits
    assert {"r05", "r09", "r12"} <= {Path(hit.source).name[:3] for hit in hits}
    scan = backend.search(SearchRequest("жилищная инспекция лицензия")).hits
    assert [Path(hit.source).name[:3] for hit in scan][:1] == ["r15"]
    article = backend.search(
        SearchRequest('"оплата энергии" kind:statute_article')
    ).hits
    assert article[0].title == "ст. 544 ГК РФ. Оплата энергии"
    assert zipfile.is_zipfile(
        folder / "r05_msk_timiryazevsky_2-1016-2021_zhku_split.docx"
    )


def test_ingest_keeps_originals_in_the_data_directory(
    batch: Path, tmp_path: Path
) -> None:
    from indexer.originals import original_path

    home = tmp_path / "home"
    backend = SqliteBackend(tmp_path / "index.sqlite3")
    report = ingest([batch], backend, home=home)
    kept = {
        result.path.name: original_path(home, result.sha256)
        for result in report.results
        if result.sha256
    }
    assert sorted(kept) == ["decision.txt", "order.docx", "same-decision.txt"]
    assert kept["decision.txt"] is not None
    assert kept["decision.txt"].read_bytes() == (batch / "decision.txt").read_bytes()
    assert kept["same-decision.txt"] == kept["decision.txt"]


def test_ingest_rejects_every_copy_of_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (folder / name).write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage")
    report = ingest([folder], SqliteBackend(tmp_path / "index.sqlite3"))
    assert [(r.path.name, r.outcome) for r in report.results] == [
        ("a.pdf", Outcome.REJECTED),
        ("b.pdf", Outcome.REJECTED),
    ]
    assert report.results[0].reason == report.results[1].reason


def test_ingest_logs_no_file_names(
    batch: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    ingest([batch], SqliteBackend(tmp_path / "index.sqlite3"))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "rejected file" in logged
    for path in batch.rglob("*"):
        assert path.name not in logged
