"""Tests that corpus_samples/ is complete, documented and matches its ground truth."""

from __future__ import annotations

import csv
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from lexdesk.synth.corpus import (
    MANIFEST_COLUMNS,
    Kind,
    Layout,
    build_documents,
    duty_general,
    money,
)
from nlp.money import format_money as money_words
from nlp.numwords import number_to_words as number_in_words

SAMPLES = Path(__file__).resolve().parents[1] / "corpus_samples"
META_FILES = {"README.md", "MANIFEST.tsv", "facts.jsonl", ".lexdeskignore"}


def _manifest() -> list[dict[str, str]]:
    with (SAMPLES / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _facts() -> list[dict[str, object]]:
    lines = (SAMPLES / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_corpus_manifest_lists_every_file_and_only_existing_files() -> None:
    on_disk = {
        path.relative_to(SAMPLES).as_posix()
        for path in SAMPLES.rglob("*")
        if path.is_file() and path.name not in META_FILES
    }
    listed = [row["file"] for row in _manifest()]
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk


def test_corpus_manifest_columns_and_sources() -> None:
    rows = _manifest()
    assert tuple(rows[0].keys()) == MANIFEST_COLUMNS
    statutes = [row for row in rows if row["kind"] == "statute"]
    assert [row["file"] for row in statutes] == [
        "statutes/gk_rf_539-548_energosnabzhenie.txt",
        "statutes/zhk_rf_153-157_plata.txt",
    ]
    assert all("pravo.gov.ru" in row["source"] for row in statutes)
    generated = [row for row in rows if row["kind"] != "statute"]
    assert all(row["source"].startswith("generated") for row in generated)


def test_corpus_has_enough_court_documents_of_every_kind() -> None:
    kinds = Counter(str(fact["kind"]) for fact in _facts())
    assert sum(kinds.values()) == 34
    assert set(kinds) == {str(kind) for kind in Kind}
    assert kinds["decision"] + kinds["default_decision"] == 12
    assert kinds["court_order"] == 6


def test_corpus_every_format_present_several_times() -> None:
    documents = [
        row for row in _manifest() if row["kind"] not in {"statute", "registry"}
    ]
    formats = Counter(row["format"] for row in documents)
    assert formats == {
        "pdf": 12,
        "docx": 7,
        "doc": 3,
        "rtf": 4,
        "html": 3,
        "text": 5,
    }


def test_corpus_facts_reference_manifest_files() -> None:
    listed = {row["file"]: row for row in _manifest()}
    for fact in _facts():
        row = listed[str(fact["file"])]
        assert row["kind"] == fact["kind"]
        assert row["case_number"] == (fact["case_number"] or "")


def test_corpus_facts_match_the_generator() -> None:
    generated = [document.facts for document in build_documents()]
    assert _facts() == json.loads(json.dumps(generated, ensure_ascii=False))


def test_corpus_facts_outcomes_and_uids() -> None:
    facts = _facts()
    outcomes = Counter(str(fact["outcome"]) for fact in facts)
    assert outcomes == {
        "granted_full": 6,
        "granted_part": 4,
        "denied": 2,
        "order_issued": 6,
        "order_cancelled": 2,
        "returned": 2,
        "upheld": 2,
        "None": 10,
    }
    assert sum(bool(fact["uid"]) for fact in facts) == 8
    assert sum(fact["penalty_reduced_333"] is True for fact in facts) == 5


@pytest.mark.parametrize(
    ("file", "encoding"),
    [
        pytest.param("documents/d07_decision_2-4123-2019.txt", "cp1251", id="cp1251"),
        pytest.param(
            "documents/o04_court_order_2-4172-2020.txt", "koi8-r", id="koi8-r"
        ),
        pytest.param("documents/r04_ruling_2-2074-2020.txt", "utf-8", id="utf-8"),
    ],
)
def test_corpus_text_files_state_their_facts(file: str, encoding: str) -> None:
    text = " ".join((SAMPLES / file).read_bytes().decode(encoding).split())
    (fact,) = [f for f in _facts() if f["file"] == file]
    assert str(fact["case_number"]) in text
    assert str(fact["judge"]) in text
    assert str(fact["plaintiff"]) in text
    assert money(Decimal(str(fact["claimed_principal"]))) in text


def test_corpus_rtf_files_use_the_promised_escapes() -> None:
    unicode_rtf = (SAMPLES / "documents/d03_decision_2-457-2020.rtf").read_bytes()
    cp1251_rtf = (SAMPLES / "documents/d10_decision_2-1003-2023.rtf").read_bytes()
    assert b"\\u1056?" in unicode_rtf  # «Р» of «РЕШЕНИЕ»
    assert b"\\'" not in unicode_rtf
    assert b"\\'d0\\'c5\\'d8\\'c5\\'cd\\'c8\\'c5" in cp1251_rtf  # «РЕШЕНИЕ» in cp1251
    assert b"\\u" not in cp1251_rtf.replace(b"\\uc1", b"")


def test_corpus_scans_have_no_text_layer() -> None:
    import pypdfium2

    scans = [
        row["file"] for row in _manifest() if "no text layer" in row["demonstrates"]
    ]
    assert len(scans) == 2
    for file in scans:
        pdf = pypdfium2.PdfDocument(SAMPLES / file)
        try:
            page = pdf[0]
            assert page.get_textpage().get_text_range().strip() == ""
        finally:
            pdf.close()


def test_corpus_paged_pdf_has_three_pages_and_running_header() -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(
        SAMPLES / "documents/d04_default_decision_2-2117-2023.pdf"
    )
    try:
        assert len(pdf) == 3
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    for number, text in enumerate(texts, start=1):
        assert "дело № 2-2117/2023" in text
        assert f"Страница {number}" in text


def test_corpus_layouts_cover_every_variant() -> None:
    demonstrated = " ".join(row["demonstrates"] for row in _manifest())
    for note in ("two-column", "running header", "no text layer", "KOI8-R", "cp1251"):
        assert note in demonstrated
    assert len(Layout) == 13


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param("12345.67", "12 345 руб. 67 коп.", id="digits"),
        pytest.param("0.05", "0 руб. 05 коп.", id="kopecks-only"),
        pytest.param("1000000.00", "1 000 000 руб. 00 коп.", id="million"),
    ],
)
def test_money_formats_rubles_and_kopecks(amount: str, expected: str) -> None:
    assert money(Decimal(amount)) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param(
            "12345.67",
            "12 345 руб. 67 коп. (двенадцать тысяч триста сорок пять рублей 67 копеек)",
            id="thousands",
        ),
        pytest.param(
            "2001.01", "2 001 руб. 01 коп. (две тысячи один рубль 01 копейка)", id="one"
        ),
        pytest.param(
            "511.22",
            "511 руб. 22 коп. (пятьсот одиннадцать рублей 22 копейки)",
            id="teens",
        ),
    ],
)
def test_money_words_spells_the_amount(amount: str, expected: str) -> None:
    assert money_words(Decimal(amount)) == expected


def test_number_in_words_millions() -> None:
    assert (
        number_in_words(2_021_304) == "два миллиона двадцать одна тысяча триста четыре"
    )


@pytest.mark.parametrize(
    ("claim", "filed", "duty"),
    [
        pytest.param("15000", "2021-01-10", "600.00", id="old-4-percent"),
        pytest.param("5000", "2021-01-10", "400.00", id="old-minimum"),
        pytest.param("50000", "2023-05-01", "1700.00", id="old-second-band"),
        pytest.param("50000", "2024-09-08", "4000.00", id="new-flat"),
        pytest.param("150000", "2025-01-10", "5500.00", id="new-second-band"),
    ],
)
def test_duty_general_bands(claim: str, filed: str, duty: str) -> None:
    from datetime import date

    assert duty_general(Decimal(claim), date.fromisoformat(filed)) == Decimal(duty)
