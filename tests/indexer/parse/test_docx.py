"""Tests of indexer.parse.docx on generated packages and the real corpus."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.parse import parse_file
from indexer.parse.docx import parse_docx
from indexer.parsed import FileFormat
from lexdesk.synth.docx import (
    abstract_numbering,
    paragraph,
    write_court_docx,
    write_docx,
)

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real"

MOJIBAKE = ("\ufffd", "Ð", "Ñ", "Ã", "Р°")

# A field instruction as ConsultantPlus exports write them (r07, r08).
CONSULTANT_LINK = 'HYPERLINK "consultantplus://offline/ref=AB12"'


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(instruction: str, result: str) -> str:
    """A complex field: begin, instruction, separate, result, end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _text_box(text: str) -> str:
    """A DrawingML text box with its VML fallback copy, as Word 2010+ saves it."""
    box = f"<w:txbxContent><w:p>{_run(text)}</w:p></w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing>'
        "</mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            paragraph("Первый") + paragraph("Второй"), "Первый\nВторой", id="paragraphs"
        ),
        pytest.param(
            f"<w:p>{_run('было ')}<w:ins w:id=\"1\">{_run('стало ')}</w:ins>"
            f"<w:del w:id=\"2\"><w:r><w:delText>удалено </w:delText></w:r></w:del>"
            f"<w:moveFrom w:id=\"3\">{_run('ушло ')}</w:moveFrom>"
            f"<w:moveTo w:id=\"4\">{_run('пришло')}</w:moveTo></w:p>",
            "было стало пришло",
            id="tracked-changes-accepted",
        ),
        pytest.param(
            "<w:p>" + _run("см. ") + _field(CONSULTANT_LINK, "ст. 395 ГК РФ") + "</w:p>",
            "см. ст. 395 ГК РФ",
            id="complex-field-result-only",
        ),
        pytest.param(
            f"<w:p>{_run('Стр. ')}<w:fldSimple w:instr=\" PAGE \">{_run('3')}</w:fldSimple></w:p>",
            "Стр. 3",
            id="simple-field",
        ),
        pytest.param(
            "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            "<w:r><w:instrText>IF </w:instrText></w:r>"
            f"{_field('MERGEFIELD Name', 'вложенный')}"
            "<w:r><w:instrText> = 1</w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
            f"{_run('итог')}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
            "итог",
            id="nested-field-in-instruction",
        ),
        pytest.param(
            f'<w:p><w:hyperlink r:id="rIdLink">{_run("Решение суда")}</w:hyperlink></w:p>',
            "Решение суда",
            id="hyperlink-text",
        ),
        pytest.param(
            f"<w:sdt><w:sdtPr><w:alias w:val=\"Истец\"/></w:sdtPr><w:sdtContent>"
            f"<w:p>{_run('ПАО «Энергосбыт»')}</w:p></w:sdtContent></w:sdt>"
            f"<w:p>{_run('к ')}<w:sdt><w:sdtContent>{_run('Иванову И.И.')}</w:sdtContent>"
            "</w:sdt></w:p>",
            "ПАО «Энергосбыт»\nк Иванову И.И.",
            id="content-controls",
        ),
        pytest.param(
            f"<w:p>{_run('Якорь')}{_text_box('В рамке')}</w:p>{paragraph('Далее')}",
            "Якорь\nВ рамке\nДалее",
            id="text-box-once",
        ),
        pytest.param(
            "<w:p><w:r><w:t>задол</w:t><w:softHyphen/><w:t>женность</w:t></w:r>"
            "<w:r><w:t>северо</w:t><w:noBreakHyphen/><w:t>западный</w:t></w:r></w:p>",
            "задолженностьсеверо-западный",
            id="soft-and-no-break-hyphens",
        ),
        pytest.param(
            "<w:p><w:r><w:t>Дата</w:t><w:tab/><w:t>Сумма</w:t><w:br/><w:t>Итог</w:t>"
            "</w:r></w:p>",
            "Дата\tСумма\nИтог",
            id="tab-and-break",
        ),
        pytest.param(
            "<w:tbl><w:tr><w:tc><w:p>" + _run("Месяц") + "</w:p></w:tc><w:tc><w:p>"
            + _run("Долг") + "</w:p></w:tc></w:tr><w:tr><w:tc><w:p>" + _run("01.2023")
            + "</w:p><w:p>" + _run("(январь)") + "</w:p></w:tc><w:tc><w:p>"
            + _run("1 500,00") + "</w:p></w:tc></w:tr></w:tbl>" + paragraph("После"),
            "Месяц\tДолг\n01.2023 (январь)\t1 500,00\nПосле",
            id="table-rows-in-order",
        ),
        pytest.param(
            "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p>"
            + _run("Итого") + "</w:p></w:tc></w:tr></w:tbl>",
            "Итого",
            id="spanned-cell-once",
        ),
        pytest.param(
            "<w:p><w:r><w:t>Р Е Ш Е Н И Е</w:t></w:r></w:p>",
            "РЕШЕНИЕ",
            id="normalized",
        ),
    ],
)  # fmt: skip
def test_parse_docx_body_features(tmp_path: Path, body: str, expected: str) -> None:
    path = write_docx(tmp_path / "doc.docx", body=body)

    parsed = parse_docx(path)

    assert (parsed.text, parsed.format) == (expected, FileFormat.DOCX)


LEGAL_LEVELS = [
    ("decimal", "%1.", 1),
    ("decimal", "%1.%2.", 1),
    ("decimal", "%1.%2.%3.", 1),
]
NUMBERING = (
    abstract_numbering(0, LEGAL_LEVELS)
    + abstract_numbering(1, [("russianLower", "%1)", 1)])
    + abstract_numbering(2, [("bullet", "\uf0b7", 1)])
    + abstract_numbering(3, [("upperRoman", "%1.", 1), ("lowerLetter", "%2)", 1)])
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    + '<w:num w:numId="6"><w:abstractNumId w:val="3"/></w:num>'
)


def test_parse_docx_renders_list_numbers(tmp_path: Path) -> None:
    body = "".join(
        [
            paragraph("Общие положения", num_id=1),
            paragraph("Предмет договора", num_id=1),
            paragraph("Поставщик обязуется", num_id=1, ilvl=1),
            paragraph("Права сторон", num_id=1),
            paragraph("Ответственность", num_id=1),
            paragraph("Пени", num_id=1, ilvl=1),
            paragraph("Штраф", num_id=1, ilvl=1),
            paragraph("по ст. 155 ЖК РФ", num_id=1, ilvl=2),
            paragraph("электроэнергия", num_id=2),
            paragraph("водоснабжение", num_id=2),
            paragraph("крыша;", num_id=3),
            paragraph("Продолжение общей нумерации", num_id=4),
            paragraph("новый список", num_id=5),
            paragraph("Раздел", num_id=6),
            paragraph("подпункт", num_id=6, ilvl=1),
            paragraph("Без номера"),
        ]
    )
    path = write_docx(tmp_path / "contract.docx", body=body, numbering=NUMBERING)

    assert parse_docx(path).text.split("\n") == [
        "1. Общие положения",
        "2. Предмет договора",
        "2.1. Поставщик обязуется",
        "3. Права сторон",
        "4. Ответственность",
        "4.1. Пени",
        "4.2. Штраф",
        "4.2.1. по ст. 155 ЖК РФ",
        "а) электроэнергия",
        "б) водоснабжение",
        "• крыша;",
        "5. Продолжение общей нумерации",
        "а) новый список",
        "I. Раздел",
        "a) подпункт",
        "Без номера",
    ]


def test_parse_docx_numbering_from_style(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Clause"><w:pPr><w:numPr>'
        '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="SubClause"><w:basedOn w:val="Clause"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Clause"/></w:pPr>' + _run("Предмет") + "</w:p>"
        '<w:p><w:pPr><w:pStyle w:val="Clause"/><w:numPr><w:ilvl w:val="1"/></w:numPr>'
        "</w:pPr>" + _run("Цена") + "</w:p>"
        '<w:p><w:pPr><w:pStyle w:val="Clause"/><w:numPr><w:numId w:val="0"/></w:numPr>'
        "</w:pPr>" + _run("Снято") + "</w:p>"
    )
    path = write_docx(
        tmp_path / "styled.docx", body=body, numbering=NUMBERING, styles=styles
    )

    assert parse_docx(path).text == "1. Предмет\n1.1. Цена\nСнято"


def test_parse_docx_headers_footers_notes(tmp_path: Path) -> None:
    header = f"<w:p>{_run('Мировой судья судебного участка № 5')}</w:p>"
    page_footer = f'<w:p><w:fldSimple w:instr=" PAGE ">{_run("1")}</w:fldSimple></w:p>'
    body = (
        f'<w:p>{_run("Текст решения")}<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        # A second section that repeats the same header part.
        '<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/>'
        "</w:sectPr></w:pPr></w:p>"
        f"<w:p>{_run('Второй раздел')}</w:p>"
    )
    path = write_docx(
        tmp_path / "notes.docx",
        body=body,
        headers=[header],
        footers=[page_footer, f"<w:p>{_run('Копия верна')}</w:p>"],
        footnotes=[f"<w:p>{_run('Сноска: ст. 155 ЖК РФ')}</w:p>"],
        endnotes=[f"<w:p>{_run('Концевая сноска')}</w:p>"],
        title="Решение по делу № 2-1/2024",
    )

    parsed = parse_docx(path)

    assert parsed.text == (
        "Мировой судья судебного участка № 5\n\n"
        "Текст решения\n\nВторой раздел\n\n"
        "Копия верна\n\n"
        "Сноска: ст. 155 ЖК РФ\nКонцевая сноска"
    )
    assert parsed.title == "Решение по делу № 2-1/2024"


def test_parse_docx_python_docx_document(tmp_path: Path) -> None:
    path = write_court_docx(tmp_path / "court.docx", seed=3, paragraphs=2, table_rows=2)

    lines = parse_docx(path).text.split("\n")

    assert lines[0] == "РЕШЕНИЕ по делу № 2-3/2024"
    assert len(lines) == 6
    assert lines[3] == "Месяц\tНачислено\tОплачено\tДолг"
    assert re.fullmatch(r"01\.2023\t\d+,00\t\d+,00\t\d+,00", lines[4])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param("truncate", "not a valid ZIP archive", id="truncated"),
        pytest.param("no-document", "no main document part", id="no-document-part"),
        pytest.param("bad-xml", "malformed XML", id="malformed-xml"),
    ],
)
def test_parse_docx_damaged_is_parse_error(
    tmp_path: Path, damage: str, message: str
) -> None:
    path = write_docx(tmp_path / "good.docx", body=paragraph("Текст решения " * 200))
    broken = tmp_path / "broken.docx"
    if damage == "truncate":
        broken.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "word/document.xml":
                    if damage == "no-document":
                        continue
                    data = data[: len(data) // 2]
                target.writestr(item, data)

    with pytest.raises(ParseError, match=message) as caught:
        parse_docx(broken)

    assert caught.value.user_message == "Файл DOCX broken.docx повреждён или обрезан."


def test_parse_file_truncated_docx_via_dispatcher(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "good.docx", body=paragraph("Текст"))
    broken = tmp_path / "cut.docx"
    broken.write_bytes(path.read_bytes()[:300])

    with pytest.raises(ParseError, match="truncated or corrupt DOCX"):
        parse_file(broken)


def _real(prefix: str) -> Path:
    if not REAL.is_dir():
        pytest.skip("shared/corpus/real is not present")
    return next(REAL.glob(f"{prefix}_*"))


@pytest.mark.parametrize(
    ("prefix", "start", "phrases"),
    [
        pytest.param(
            "r05",
            "77RS0028-02-2020-002586-04\n\nРЕШЕНИЕ\nИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ",
            [
                "гражданское дело №2-1016/21",
                "Тимирязевский районный суд г. Москвы",
                "УСТАНОВИЛ:",
                "РЕШИЛ:",
            ],
            id="r05-header-part",
        ),
        pytest.param(
            "r07",
            "77RS0015-01-2019-002396-36\nРЕШЕНИЕ\nИменем Российской Федерации",
            ["Люблинский районный суд", "2-3538"],
            id="r07-hyperlink-fields",
        ),
        pytest.param(
            "r08",
            "РЕШЕНИЕ\nИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ\n\n27 июня 2019 года г. Москва",
            ["2-1728/19", "ПАО «Совкомбанк»", "УСТАНОВИЛ:", "РЕШИЛ:"],
            id="r08-fields-and-page-footer",
        ),
        pytest.param(
            "r12",
            "ЗАОЧНОЕ РЕШЕНИЕ\nименем Российской Федерации",
            ["2-6767/21", "Кузьминский районный суд г. Москвы"],
            id="r12-odd-file-name",
        ),
        pytest.param(
            "r19",
            "УТВЕРЖДЕН:",
            [
                "3.4.1. передать Управляющей организации полномочия",
                "3.4.10. не допускать загромождения коридоров",
                "3.6.1. проводить переоборудование инженерных систем",
                "4.2. Плата за услуги по содержанию и текущему ремонту",
                "5.1. Управляющая организация несет ответственность",
                "5.7. Собственник несет ответственность",
                "• крыша;",
                "- содержание общего имущества многоквартирного дома;",
                "а)\tпо строительным конструкциям",
            ],
            id="r19-auto-numbering",
        ),
    ],
)
def test_parse_docx_real_files(prefix: str, start: str, phrases: list[str]) -> None:
    parsed = parse_docx(_real(prefix))

    letters = re.findall(r"[^\W\d_]", parsed.text)
    cyrillic = [letter for letter in letters if re.match(r"[А-Яа-яЁё]", letter)]
    assert len(cyrillic) / len(letters) > 0.6
    assert [marker for marker in MOJIBAKE if marker in parsed.text] == []
    assert parsed.text.startswith(start)
    assert [phrase for phrase in phrases if phrase not in parsed.text] == []
    leaks = ("HYPERLINK", "consultantplus", "garantF1", "PAGE", "MERGEFORMAT")
    assert [leak for leak in leaks if leak in parsed.text] == []


def test_parse_docx_r19_numbers_python_docx_loses() -> None:
    from docx import Document

    path = _real("r19")
    numbered = [
        p.text.strip()
        for p in Document(str(path)).paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None and p.text.strip()
    ]
    lines = parse_docx(path).text.split("\n")

    labelled = [
        text
        for text in numbered
        if any(
            re.fullmatch(rf"(?:[\d.]+|•|-) {re.escape(text)}", line) for line in lines
        )
    ]
    assert (len(numbered), len(labelled)) == (37, 37)
