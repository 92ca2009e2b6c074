"""Tests of indexer.parse.doc: real Word 97-2003 files, encrypted and foreign OLE2."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from indexer.errors import EncryptedFileError, ParseError, UnsupportedFormatError
from indexer.parse import doc as doc_module
from indexer.parse import parse_file
from indexer.parse.doc import parse_doc
from indexer.parsed import FileFormat
from lexdesk.errors import InfrastructureError
from lexdesk.synth.docx import write_cfb, write_encrypted_docx

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real"

MOJIBAKE = ("\ufffd", "Ð", "Ñ", "Ã", "Р°", "à", "è")

needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword is not installed"
)


def _real(prefix: str) -> Path:
    if not REAL.is_dir():
        pytest.skip("shared/corpus/real is not present")
    return next(REAL.glob(f"{prefix}_*"))


@needs_antiword
@pytest.mark.parametrize(
    ("prefix", "start", "phrases"),
    [
        pytest.param(
            "r10",
            "РЕШЕНИЕ\nИменем Российской Федерации\n\n18 января 2021 года Бутырский",
            [
                "гражданское дело № 2-304/2021",
                "по иску **** к ****",
                "3 563 166 руб. 37 коп.",
            ],
            id="r10-unicode-doc",
        ),
        pytest.param(
            "r11",
            "РЕШЕНИЕ\nИменем Российской Федерации\n\n26 июля 2022 года адрес",
            ["гражданское дело №2-155/2022", "УСТАНОВИЛ:"],
            id="r11-spaced-heading",
        ),
        pytest.param(
            "r18",
            "Постановление",
            [
                "№ 2965",
                "в Подольском муниципальном районе",
                "2.\tТепловая энергия\t1 Гкал\t949,93",
                "3.\tВодоснабжение\t1 куб. м\t10,57",
            ],
            id="r18-cp1251-tables",
        ),
        pytest.param(
            "r20",
            'Годовой отчет ТСЖ "Еринские Высоты"',
            [
                "\tЗадолженность Мосэнергосбыт (декабрь 2011) эл.снабжение\t-75 556",
                "\tИТОГО:\t-704 644",
            ],
            id="r20-cp1251-report",
        ),
    ],
)
def test_parse_doc_real_files(prefix: str, start: str, phrases: list[str]) -> None:
    parsed = parse_doc(_real(prefix))

    letters = re.findall(r"[^\W\d_]", parsed.text)
    cyrillic = [letter for letter in letters if re.match(r"[А-Яа-яЁё]", letter)]
    assert len(cyrillic) / len(letters) > 0.6
    assert [marker for marker in MOJIBAKE if marker in parsed.text] == []
    assert parsed.text.startswith(start)
    assert [phrase for phrase in phrases if phrase not in parsed.text] == []
    assert "|" not in parsed.text
    assert (parsed.format, parsed.encoding, parsed.warnings) == (
        FileFormat.DOC,
        None,
        (),
    )


def test_parse_file_encrypted_docx_container(tmp_path: Path) -> None:
    path = write_encrypted_docx(tmp_path / "договор.docx")

    with pytest.raises(
        EncryptedFileError, match="password-protected OOXML package"
    ) as caught:
        parse_file(path)

    assert caught.value.user_message == (
        "Файл договор.docx защищён паролем. Снимите пароль и загрузите файл снова."
    )


def test_parse_doc_encrypted_word97(tmp_path: Path) -> None:
    fib = bytearray(64)
    fib[0:2] = (0xA5EC).to_bytes(2, "little")  # wIdent of a Word binary file
    fib[0x0A:0x0C] = (0x0100).to_bytes(2, "little")  # fEncrypted
    path = write_cfb(
        tmp_path / "old.doc", {"WordDocument": bytes(fib), "1Table": b"\0"}
    )

    with pytest.raises(
        EncryptedFileError, match="password-protected Word 97-2003 document"
    ):
        parse_doc(path)


def test_parse_doc_excel_container_unsupported(tmp_path: Path) -> None:
    path = write_cfb(tmp_path / "registry.doc", {"Workbook": b"\x09\x08"})

    with pytest.raises(
        UnsupportedFormatError, match="OLE2 file is not a Word document"
    ):
        parse_doc(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"not an ole file at all", "not an OLE2", id="not-ole"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40,
            "corrupt OLE2",
            id="truncated",
        ),
    ],
)
def test_parse_doc_broken_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "broken.doc"
    path.write_bytes(data)

    with pytest.raises(ParseError, match=message):
        parse_doc(path)


@needs_antiword
def test_parse_doc_tools_missing_is_infrastructure_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _real("r10")
    monkeypatch.setattr(shutil, "which", lambda name: None)

    with pytest.raises(
        InfrastructureError, match="neither antiword nor catdoc"
    ) as caught:
        parse_doc(path)

    assert "antiword" in caught.value.user_message


def test_parse_doc_word_file_no_tool_reads_is_parse_error(tmp_path: Path) -> None:
    fib = bytearray(64)
    fib[0:2] = (0xA5EC).to_bytes(2, "little")
    path = write_cfb(tmp_path / "garbage.doc", {"WordDocument": bytes(fib)})

    with pytest.raises(ParseError, match="no text extracted from DOC"):
        parse_doc(path)


@pytest.mark.parametrize(
    ("drawn", "rows"),
    [
        pytest.param(
            "|1.   |Содержание жилья   |13,16 |\n|     |(с вывозом ТБО):   |      |",
            "1.\tСодержание жилья (с вывозом ТБО):\t13,16",
            id="continuation-merged",
        ),
        pytest.param(
            "|   |Остаток в банке |27 552 |\n|   |ИТОГО:          |-704 644 |",
            "\tОстаток в банке\t27 552\n\tИТОГО:\t-704 644",
            id="rows-with-empty-first-cell-kept",
        ),
        pytest.param("До\n|а |б |\nПосле", "До\nа\tб\nПосле", id="text-around"),
    ],
)
def test_tables_to_rows(drawn: str, rows: str) -> None:
    assert doc_module._tables_to_rows(drawn) == rows
