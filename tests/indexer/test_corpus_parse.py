"""Every file of corpus_samples/ and of ../shared/corpus/real parses to clean Russian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.discover import discover
from indexer.parse import parse_file

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "corpus_samples"
SHARED_REAL = REPO.parent / "shared" / "corpus" / "real"

# Byte sequences that show text decoded with the wrong code page: UTF-8 read as
# cp1251 («Р°», «вЂ»), as latin-1 («Ð», «Ñ»), replacement characters, and
# pdfminer's marker for glyphs without a Unicode map.
MOJIBAKE = re.compile(r"Р[°±µ¶·ё]|вЂ|Ð[°±µ¶·¸¹º»¼½¾¿]|Ñ[€‚ƒ„…†‡]|\ufffd|\(cid:\d+\)")
LETTER = re.compile(r"[^\W\d_]")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def corpus_files() -> list[Path]:
    files = [found.path for found in discover([SAMPLES])] if SAMPLES.is_dir() else []
    if SHARED_REAL.is_dir():
        files += sorted(p for p in SHARED_REAL.iterdir() if p.name != "MANIFEST.tsv")
    return files


@pytest.mark.slow
@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name[:48])
def test_corpus_file_parses_to_clean_russian(path: Path) -> None:
    parsed = parse_file(path)
    letters = LETTER.findall(parsed.text)
    cyrillic = CYRILLIC.findall(parsed.text)
    assert len(cyrillic) >= 200, f"only {len(cyrillic)} Cyrillic letters"
    assert len(cyrillic) / len(letters) >= 0.8
    assert MOJIBAKE.findall(parsed.text) == []


def test_corpus_has_every_format() -> None:
    suffixes = {
        path.suffix.lower() for path in corpus_files() if SAMPLES in path.parents
    }
    assert {".pdf", ".docx", ".rtf", ".doc", ".html", ".txt"} <= suffixes


SCANS = [
    ("documents/o02_court_order_2-3396-2022.pdf", "СУДЕБНЫЙ ПРИКАЗ", "2-3396/2022"),
    ("documents/w02_warning_notice_2024-02-12.pdf", "ПРЕДУПРЕЖДЕНИЕ", "20 дней"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "heading", "phrase"), SCANS, ids=[s[0] for s in SCANS]
)
def test_corpus_scan_is_read_by_ocr(name: str, heading: str, phrase: str) -> None:
    parsed = parse_file(SAMPLES / name)
    assert parsed.ocr_used
    assert {page.method.value for page in parsed.pages} == {"ocr"}
    assert heading in parsed.text
    assert phrase in parsed.text
