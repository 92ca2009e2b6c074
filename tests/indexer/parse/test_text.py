"""Tests of indexer.parse.text and the encoding detection behind it."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.parse.encoding import decode_bytes, russian_score
from indexer.parse.text import parse_text
from indexer.parsed import FileFormat

SENTENCE = (
    "Решением мирового судьи с ответчика взыскана задолженность за потреблённую "
    "электроэнергию в размере 12 345 руб. 67 коп., пени и расходы по уплате "
    "государственной пошлины."
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(SENTENCE.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(
            codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "utf-8-sig", id="utf-8-bom"
        ),
        pytest.param(SENTENCE.encode("utf-16"), "utf-16-le", id="utf-16-bom"),
        pytest.param(
            codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"),
            "utf-16-be",
            id="utf-16-be-bom",
        ),
        pytest.param(SENTENCE.encode("utf-16-le"), "utf-16-le", id="utf-16-no-bom"),
        pytest.param(SENTENCE.encode("cp1251"), "cp1251", id="cp1251"),
        pytest.param(SENTENCE.encode("koi8_r"), "koi8-r", id="koi8-r"),
        pytest.param(SENTENCE.encode("cp866"), "cp866", id="cp866"),
    ],
)
def test_parse_text_detects_encoding(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    path = tmp_path / "decision.txt"
    path.write_bytes(data)

    parsed = parse_text(path)

    assert (parsed.text, parsed.encoding, parsed.format) == (
        SENTENCE,
        encoding,
        FileFormat.TEXT,
    )
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    ("codepage", "wrong"),
    [
        pytest.param("koi8_r", "cp1251", id="koi8-read-as-1251"),
        pytest.param("cp1251", "koi8_r", id="1251-read-as-koi8"),
        pytest.param("cp866", "cp1251", id="866-read-as-1251"),
    ],
)
def test_russian_score_separates_right_from_wrong_codepage(
    codepage: str, wrong: str
) -> None:
    data = SENTENCE.encode(codepage)

    right_score = russian_score(data.decode(codepage))
    wrong_score = russian_score(data.decode(wrong, errors="replace"))

    assert right_score > 0.2
    assert wrong_score < 0.05


def test_decode_bytes_declared_charset_is_only_a_hint() -> None:
    data = SENTENCE.encode("cp1251")

    assert decode_bytes(data, declared="koi8-r").encoding == "cp1251"
    assert decode_bytes(data, declared="windows-1251").encoding == "cp1251"
    assert (
        decode_bytes(SENTENCE.encode("utf-8"), declared="windows-1251").encoding
        == "utf-8"
    )


def test_parse_text_non_russian_bytes_warn(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Grüße aus Köln, schöne Straße".encode("cp1252"))

    parsed = parse_text(path)

    assert parsed.text == "Grüße aus Köln, schöne Straße"
    assert parsed.warnings == (
        f"encoding guessed as {parsed.encoding}: text does not read as Russian",
    )


def test_parse_text_normalizes(tmp_path: Path) -> None:
    path = tmp_path / "decision.txt"
    path.write_bytes(
        "  Р Е Ш Е Н И Е\r\n\r\n\r\n\r\nзадолжен-\r\nность".encode("cp1251")
    )

    assert parse_text(path).text == "РЕШЕНИЕ\n\nзадолженность"


@pytest.mark.parametrize(
    "data",
    [pytest.param(b"", id="empty"), pytest.param(b" \r\n\t ", id="blank")],
)
def test_parse_text_without_text_is_parse_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)

    with pytest.raises(ParseError, match="text file has no text") as caught:
        parse_text(path)

    assert caught.value.user_message == "Текстовый файл empty.txt не содержит текста."


def test_parse_text_refuses_binary_content(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ParseError) as caught:
        parse_text(binary)
    assert "двоичный" in caught.value.user_message


def test_parse_file_reads_a_text_file_named_doc(tmp_path: Path) -> None:
    from indexer.parse import parse_file

    letter = tmp_path / "letter.doc"
    letter.write_bytes("Претензия о погашении задолженности".encode("cp1251"))
    assert parse_file(letter).text == "Претензия о погашении задолженности"
