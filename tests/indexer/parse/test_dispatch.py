"""The dispatcher: formats told by their bytes, foreign containers refused clearly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from indexer.errors import ParseError, UnsupportedFormatError
from indexer.parse import detect_format, parse_file
from indexer.parsed import FileFormat

DETECT_CASES = [
    ("scan.dat", b"%PDF-1.7\n", FileFormat.PDF),
    ("letter.doc", b"{\\rtf1\\ansi", FileFormat.RTF),
    ("order.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, FileFormat.DOC),
    ("order.bin", b"PK\x03\x04rest", FileFormat.DOCX),
    ("page.txt", b"<!DOCTYPE html><html>", FileFormat.HTML),
    ("card.htm", "Карточка дела".encode("cp1251"), FileFormat.HTML),
    ("note.txt", "Претензия".encode("koi8-r"), FileFormat.TEXT),
    ("README", b"plain words", FileFormat.TEXT),
]


@pytest.mark.parametrize(
    ("name", "head", "expected"), DETECT_CASES, ids=[c[0] for c in DETECT_CASES]
)
def test_detect_format_reads_bytes_before_the_name(
    name: str, head: bytes, expected: FileFormat
) -> None:
    assert detect_format(Path(name), head) is expected


def write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return path


def test_parse_file_refuses_an_excel_workbook(tmp_path: Path) -> None:
    workbook = write_zip(
        tmp_path / "reestr.docx",
        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"},
    )
    with pytest.raises(UnsupportedFormatError) as caught:
        parse_file(workbook)
    assert "не документ Word (например, таблица Excel" in caught.value.user_message


def test_parse_file_refuses_a_plain_zip(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "bundle.zip", {"a.txt": "текст"})
    with pytest.raises(UnsupportedFormatError) as caught:
        parse_file(archive)
    assert caught.value.user_message.startswith("Файл — архив ZIP, а не документ Word")


def test_parse_file_reports_a_truncated_docx(tmp_path: Path) -> None:
    whole = write_zip(
        tmp_path / "full.docx", {"word/document.xml": "<w:document/>" * 50}
    )
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(whole.read_bytes()[:40])
    with pytest.raises(ParseError) as caught:
        parse_file(truncated)
    assert caught.value.user_message == (
        "Файл DOCX повреждён или обрезан (не является архивом ZIP)."
    )


def test_parse_file_refuses_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ParseError) as caught:
        parse_file(empty)
    assert caught.value.user_message == "Файл пустой (0 байт)."
