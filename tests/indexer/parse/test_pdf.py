"""Tests of the PDF parser on generated fixtures and on real files of shared/corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from indexer.errors import EncryptedFileError, ParseError
from indexer.parse import parse_file
from indexer.parse.pdf import parse_pdf
from indexer.parse.pdf_layout import Box, Glyph, glyphs_to_text, merge_overprinted
from indexer.parse.pdf_quality import Verdict, assess_text
from indexer.parsed import ExtractionMethod, FileFormat
from lexdesk.synth import pdf as synth

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real"
R15 = REAL / "r15_gzhi_primorye_license_scan_bad_ocr_layer.pdf"
R17 = REAL / "r17_mkd_voting_sheet_excel_export.pdf"
needs_real = pytest.mark.skipif(
    not REAL.is_dir(), reason="shared/corpus/real is absent"
)

Writer = Callable[[Path], synth.SyntheticPdf]

TEXT_LAYER_WRITERS: list[tuple[str, Writer]] = [
    ("plain", synth.write_plain),
    ("running_headers", synth.write_running_headers),
    ("two_column", synth.write_two_column),
    ("fake_bold", synth.write_fake_bold),
    ("kerning_glued", synth.write_kerning_glued),
    ("type3_no_unicode", synth.write_type3_no_unicode),
    ("type3_fake_bold", lambda d: synth.write_type3_no_unicode(d, fake_bold=True)),
    ("type3_glued", lambda d: synth.write_type3_no_unicode(d, glued=True)),
]
OCR_WRITERS: list[tuple[str, Writer]] = [
    ("stripped_tounicode", synth.write_stripped_tounicode),
    ("scan", synth.write_scan),
    ("lookalike_layer", synth.write_lookalike_layer),
]


@pytest.mark.parametrize(
    "writer", [w for _, w in TEXT_LAYER_WRITERS], ids=[n for n, _ in TEXT_LAYER_WRITERS]
)
def test_parse_pdf_text_layer_fixture_recall_methods_phrases(
    tmp_path: Path, writer: Writer
) -> None:
    fixture = writer(tmp_path)

    parsed = parse_pdf(fixture.path)

    assert parsed.format is FileFormat.PDF
    assert tuple(page.method for page in parsed.pages) == fixture.methods
    assert [page.number for page in parsed.pages] == list(
        range(1, len(fixture.pages) + 1)
    )
    for page, source in zip(parsed.pages, fixture.pages, strict=True):
        assert synth.cyrillic_word_recall(source, page.text) >= 0.99
    for phrase in fixture.phrases:
        assert phrase in parsed.text
    assert parsed.ocr_used is False


@pytest.mark.slow
@pytest.mark.parametrize(
    "writer", [w for _, w in OCR_WRITERS], ids=[n for n, _ in OCR_WRITERS]
)
def test_parse_pdf_ocr_fixture_read_by_ocr(tmp_path: Path, writer: Writer) -> None:
    fixture = writer(tmp_path)

    parsed = parse_pdf(fixture.path)

    assert [page.method for page in parsed.pages] == [ExtractionMethod.OCR]
    assert parsed.ocr_used is True
    assert synth.cyrillic_word_recall(fixture.pages[0], parsed.text) >= 0.97
    for phrase in fixture.phrases:
        assert phrase in " ".join(parsed.text.split())
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith("page 1: ")
    assert parsed.warnings[0].endswith("read by OCR")


@pytest.mark.parametrize(
    "writer",
    [
        synth.write_type3_no_unicode,
        synth.write_stripped_tounicode,
        synth.write_scan,
        synth.write_lookalike_layer,
        synth.write_blank_scan,
    ],
    ids=[
        "type3_no_unicode",
        "stripped_tounicode",
        "scan",
        "lookalike_layer",
        "blank_scan",
    ],
)
def test_assess_text_flags_every_garbled_fixture_pdfium_layer(
    tmp_path: Path, writer: Writer
) -> None:
    import pypdfium2 as pdfium

    fixture = writer(tmp_path)
    document = pdfium.PdfDocument(fixture.path)
    try:
        raw = document[0].get_textpage().get_text_range()
    finally:
        document.close()

    assert fixture.garbled is True
    assert assess_text(raw).is_good is False


@pytest.mark.parametrize(
    ("text", "verdict", "reason_start"),
    [
        ("Истец обратился в суд с иском о взыскании долга за электроэнергию.", "good", ""),
        ("CyAA P CTB E H HArr KtA LtArrJH TIPZMOPCKOTO I PA coxpauleHHoe " * 3,
         "garbled", "Latin look-alikes"),
        ("(cid:12)(cid:40)(cid:7) (cid:9)(cid:3) " * 5, "garbled", "25 glyphs"),
        ("\x01\x04\x05 \x06\x07\x08\t\n\x0b\x0c \r " * 5, "garbled", "80%"),
        ("Ð¸Ð· Ñ€Ð°Ð·Ð½Ñ‹Ñ… Ð¸ÑÑ‚Ð¾Ñ‡Ð½Ð¸ÐºÐ¾Ð² Ð´Ð¾Ð»Ð³", "garbled", "mojibake"),
        ("Èñòåö îáðàòèëñÿ â ñóä ñ èñêîì î âçûñêàíèè", "garbled", "mojibake"),
        ("ИИССТТЕЕЦЦ обратился в суд с иском о взыскании задолженности", "garbled",
         "over-printed"),
        ("#%5%27-58;:-. 4367%':-/ 2%45%'-0 4375*&-7*0; 8'*)310*2-* 3 <:*1 3(5%2" * 2,
         "garbled", "24 stray symbols"),
        ("- 3 -", "sparse", "too little text"),
        ("The court held that the claim is not barred by the limitation period.",
         "good", ""),
    ],
    ids=["russian", "lookalikes", "cid", "controls", "utf8_mojibake", "cp1251_mojibake",
         "fake_bold", "ascii_soup", "page_number", "english"],
)  # fmt: skip
def test_assess_text_verdicts(text: str, verdict: str, reason_start: str) -> None:
    result = assess_text(text)

    assert result.verdict is Verdict(verdict)
    assert result.reason.startswith(reason_start)
    assert 0.0 <= result.score <= 1.0


def test_plumber_text_of_fake_bold_is_doubled_and_merge_fixes_it(
    tmp_path: Path,
) -> None:
    fixture = synth.write_fake_bold(tmp_path)
    with pdfplumber.open(fixture.path) as pdf:
        chars = pdf.pages[0].chars
        bare = pdf.pages[0].extract_text()
    from indexer.parse.pdf_layout import glyphs_from_plumber

    glyphs = glyphs_from_plumber(chars)
    text = glyphs_to_text(merge_overprinted(glyphs))

    assert "РРЕЕШШЕЕННИИЕЕ" in bare
    assert "РЕШЕНИЕ ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ" in text
    assert len(merge_overprinted(glyphs)) < len(glyphs)


def test_glyphs_to_text_splits_words_glued_by_a_gap_without_space() -> None:
    glyphs = [
        Glyph("с", Box(10.0, 16.0, 100.0, 111.0), 11.0),
        Glyph("у", Box(16.0, 22.0, 100.0, 111.0), 11.0),
        Glyph("д", Box(22.0, 28.0, 100.0, 111.0), 11.0),
        Glyph("в", Box(31.0, 37.0, 100.0, 111.0), 11.0),  # 3 pt gap, no space glyph
        Glyph("е", Box(37.0, 43.0, 100.0, 111.0), 11.0),
    ]

    assert glyphs_to_text(glyphs) == "суд ве"


def test_parse_pdf_two_columns_come_out_column_by_column(tmp_path: Path) -> None:
    fixture = synth.write_two_column(tmp_path)

    parsed = parse_pdf(fixture.path)

    lines = parsed.pages[0].text.splitlines()
    source_lines = fixture.pages[0].splitlines()
    assert lines[0] == source_lines[0]
    assert lines == source_lines


def test_parse_pdf_running_headers_and_page_numbers_removed(tmp_path: Path) -> None:
    fixture = synth.write_running_headers(tmp_path, pages=4)

    parsed = parse_pdf(fixture.path)

    assert len(parsed.pages) == 4
    assert "Мещанский районный суд" not in parsed.text
    assert "Страница" not in parsed.text
    assert parsed.pages[2].text.startswith(fixture.pages[2].split()[0])


def test_parse_pdf_encrypted_raises_encrypted_file_error(tmp_path: Path) -> None:
    fixture = synth.write_encrypted(tmp_path)

    with pytest.raises(EncryptedFileError) as caught:
        parse_pdf(fixture.path)

    assert "password-protected" in str(caught.value)
    assert caught.value.user_message.startswith("PDF-файл защищён паролем")


def test_parse_pdf_truncated_raises_parse_error_with_russian_message(
    tmp_path: Path,
) -> None:
    fixture = synth.write_truncated(tmp_path)

    with pytest.raises(ParseError) as caught:
        parse_file(fixture.path)

    assert "truncated.pdf: not a readable PDF (corrupt or truncated)" in str(
        caught.value
    )
    assert (
        caught.value.user_message
        == "PDF-файл повреждён или обрезан и не может быть прочитан."
    )


def test_parse_pdf_cut_after_first_page_warns_truncated(tmp_path: Path) -> None:
    source = synth.write_plain(tmp_path, pages=1, name="whole")
    data = source.path.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: data.rindex(b"%%EOF")])

    parsed = parse_pdf(cut)

    assert (
        parsed.warnings[0]
        == "file has no %%EOF marker: truncated, text may be incomplete"
    )
    assert [page.method for page in parsed.pages] == [ExtractionMethod.PDFIUM]


@pytest.mark.slow
def test_parse_pdf_blank_scan_is_empty_page_with_warning(tmp_path: Path) -> None:
    fixture = synth.write_blank_scan(tmp_path)

    parsed = parse_pdf(fixture.path)

    assert [page.method for page in parsed.pages] == [ExtractionMethod.EMPTY]
    assert parsed.text == ""
    assert parsed.warnings == (
        "page 1: no text layer, no usable text even after OCR (too little text (0 letters))",
    )


@needs_real
def test_assess_text_flags_r15_invisible_ocr_layer() -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(R15)
    try:
        raw = document[0].get_textpage().get_text_range()
    finally:
        document.close()

    assert "CyAA" in raw
    assert assess_text(raw).verdict is Verdict.GARBLED


@needs_real
@pytest.mark.slow
def test_parse_pdf_r15_garbled_layer_replaced_by_cyrillic_ocr() -> None:
    parsed = parse_pdf(R15)

    assert [page.method for page in parsed.pages] == [ExtractionMethod.OCR]
    assert parsed.ocr_used is True
    assert "ПРИМОРСКОГО КРАЯ" in parsed.text
    assert "Розенталь" in parsed.text
    assert "CyAA" not in parsed.text
    assert parsed.warnings[0].startswith("page 1: text layer garbled (")


@needs_real
def test_parse_pdf_r17_mostly_cyrillic_text_layer() -> None:
    parsed = parse_pdf(R17)

    letters = [char for char in parsed.text if char.isalpha()]
    cyrillic = [char for char in letters if "а" <= char.lower() <= "я" or char in "ёЁ"]
    assert [page.method for page in parsed.pages] == [ExtractionMethod.PDFIUM] * 2
    assert len(cyrillic) / len(letters) > 0.95
    assert "общего собрания собственников дома 29 по ул. Фастовская" in parsed.text
    assert parsed.warnings == ()
