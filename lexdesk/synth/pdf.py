"""Synthetic PDF fixtures: one per trap that real court files set for a text extractor.

Each ``write_*`` function writes one PDF into a given folder and returns a
:class:`SyntheticPdf` saying what a reader sees on each page, which extraction
method the parser should end up using per page, and whether the file's text layer
is garbage. Tests and the benchmark generate them at run time (nothing binary is
kept in the repository). Text is set in DejaVu Sans, which every machine running
lexdesk has for Cyrillic; the sentences are lexdesk's own.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from indexer.parsed import ExtractionMethod

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT = "DejaVuSans"
FONT_SIZE = 11.0
LEADING = 15.0
MARGIN = 60.0

_SENTENCES = (
    (
        "Истец обратился в суд с иском о взыскании задолженности за потреблённую "
        "электрическую энергию."
    ),
    (
        "Ответчик в судебное заседание не явился, о времени и месте рассмотрения дела "
        "извещён надлежащим образом."
    ),
    (
        "Согласно статье 544 Гражданского кодекса оплата энергии производится за "
        "фактически принятое абонентом количество энергии."
    ),
    (
        "Собственники помещений в многоквартирном доме обязаны своевременно и полностью "
        "вносить плату за коммунальные услуги."
    ),
    "Расчёт пени проверен судом и признан арифметически верным.",
    "Доказательств погашения долга ответчиком не представлено.",
    "Суд находит требования истца обоснованными и подлежащими удовлетворению частично.",
    (
        "С ответчика подлежит взысканию государственная пошлина пропорционально "
        "удовлетворённой части требований."
    ),
    (
        "Гарантирующий поставщик направил потребителю уведомление о предстоящем "
        "ограничении режима потребления."
    ),
    "Мировой судья выдал судебный приказ о взыскании долга по лицевому счёту.",
    "Решение может быть обжаловано в апелляционном порядке в течение месяца.",
    "Размер неустойки снижен судом на основании статьи 333 Гражданского кодекса.",
    "Заявление о пропуске срока исковой давности ответчиком не сделано.",
    (
        "Управляющая организация приняла на себя обязательства по содержанию общего "
        "имущества."
    ),
)

# Cyrillic letters and the Latin letters an OCR engine without the Russian model
# reads them as (shape look-alikes, as in the invisible layer of real file r15).
_LOOKALIKES = str.maketrans(
    {
        **dict(zip("АВСЕНКМОРТХУЗЬБ", "ABCEHKMOPTXY3b6", strict=True)),
        **dict(zip("авсеокрхуипгтлдзья", "aBceoKpxyunrmAA3bR", strict=True)),
        **dict(zip("ИПГЛДЯЙЦЧФЭЁ", "UNrJIARUUyO3E", strict=False)),
        **dict(zip("йцчфэё", "uuyoe", strict=False)),
        "Ж": ">K",
        "ж": "x",
        "Ы": "bI",
        "ы": "bI",
        "Ш": "III",
        "ш": "w",
        "Щ": "III",
        "щ": "w",
        "Ю": "IO",
        "ю": "io",
        "Ъ": "b",
        "ъ": "b",
    }
)
# A Cyrillic word, e.g. "судом".
_CYRILLIC_WORD = re.compile(r"[А-яЁё]+")


@dataclass(frozen=True)
class SyntheticPdf:
    """A generated PDF and what the parser should make of it.

    Attributes:
        path: where the file was written.
        kind: the fixture's name, e.g. "two_column".
        pages: the text a reader sees on each page, in reading order.
        methods: the extraction method the parser should use for each page.
        garbled: whether the file's own text layer is garbage (or missing) and
            must not be indexed as it is.
        phrases: exact phrases that must appear in the parsed text.
    """

    path: Path
    kind: str
    pages: tuple[str, ...]
    methods: tuple[ExtractionMethod, ...]
    garbled: bool
    phrases: tuple[str, ...] = ()


def body_lines(
    seed: int, count: int, *, width: float = A4[0] - 2 * MARGIN
) -> list[str]:
    """Deterministic Russian legal prose wrapped to lines of a given width in points.

    Args:
        seed: picks where in the sentence pool the text starts.
        count: how many lines to return.
        width: the line width in points at :data:`FONT_SIZE`.
    """
    _register_font()
    lines: list[str] = []
    current = ""
    index = seed
    while len(lines) < count:
        for word in _SENTENCES[index % len(_SENTENCES)].split():
            candidate = f"{current} {word}".strip()
            if pdfmetrics.stringWidth(candidate, FONT, FONT_SIZE) > width and current:
                lines.append(current)
                current = word
            else:
                current = candidate
        index += 7
    return lines[:count]


def cyrillic_word_recall(source: str, extracted: str) -> float:
    """Share of the source's Cyrillic words found in the extracted text (with counts).

    Words are compared in lower case with ё read as е, as a search index would.
    """
    wanted = Counter(_words(source))
    if not wanted:
        return 1.0
    found = Counter(_words(extracted))
    hits = sum(min(count, found[word]) for word, count in wanted.items())
    return hits / sum(wanted.values())


def _words(text: str) -> list[str]:
    """Lower-cased Cyrillic words of a text, ё folded to е."""
    return [w.lower().replace("ё", "е") for w in _CYRILLIC_WORD.findall(text)]


def _register_font() -> None:
    """Register DejaVu Sans with reportlab once."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(DEJAVU)))


def _canvas(path: Path, **options: object) -> canvas.Canvas:
    """A reportlab canvas with deterministic output and DejaVu registered."""
    _register_font()
    return canvas.Canvas(str(path), pagesize=A4, invariant=1, **options)


def _draw_lines(pdf: canvas.Canvas, lines: list[str], *, top: float) -> None:
    """Draw lines of text at the left margin from ``top`` down."""
    pdf.setFont(FONT, FONT_SIZE)
    for row, line in enumerate(lines):
        pdf.drawString(MARGIN, top - row * LEADING, line)


def write_plain(
    folder: Path, *, pages: int = 3, lines_per_page: int = 40, name: str = "plain"
) -> SyntheticPdf:
    """A born-digital court decision: a clean Cyrillic text layer on every page."""
    path = folder / f"{name}.pdf"
    pdf = _canvas(path)
    texts = []
    for number in range(pages):
        lines = body_lines(number * 3, lines_per_page)
        _draw_lines(pdf, lines, top=A4[1] - MARGIN)
        pdf.showPage()
        texts.append("\n".join(lines))
    pdf.save()
    methods = (ExtractionMethod.PDFIUM,) * pages
    phrase = " ".join(texts[0].split()[:6])
    return SyntheticPdf(
        path, "plain", tuple(texts), methods, garbled=False, phrases=(phrase,)
    )


def write_running_headers(folder: Path, *, pages: int = 4) -> SyntheticPdf:
    """Pages with a running header and a "Страница N из M" footer around the body."""
    path = folder / "running_headers.pdf"
    pdf = _canvas(path)
    texts = []
    for number in range(1, pages + 1):
        lines = body_lines(number * 5, 30)
        pdf.setFont(FONT, 9)
        pdf.drawString(
            MARGIN,
            A4[1] - 40,
            "Мещанский районный суд города Москвы. Дело № 2-1234/2024",
        )
        pdf.drawString(A4[0] / 2 - 30, 30, f"Страница {number} из {pages}")
        _draw_lines(pdf, lines, top=A4[1] - 90)
        pdf.showPage()
        texts.append("\n".join(lines))
    pdf.save()
    methods = (ExtractionMethod.PDFIUM,) * pages
    return SyntheticPdf(path, "running_headers", tuple(texts), methods, garbled=False)


def write_two_column(folder: Path) -> SyntheticPdf:
    """A full-width title over two columns drawn line by line across both columns."""
    path = folder / "two_column.pdf"
    pdf = _canvas(path)
    column_width = (A4[0] - 2 * MARGIN - 30) / 2
    left = body_lines(1, 25, width=column_width)
    right = body_lines(9, 25, width=column_width)
    title = "ОБЗОР СУДЕБНОЙ ПРАКТИКИ ПО СПОРАМ ОБ ОПЛАТЕ ЭЛЕКТРОЭНЕРГИИ"
    pdf.setFont(FONT, FONT_SIZE)
    pdf.drawString(MARGIN, A4[1] - MARGIN, title)
    top = A4[1] - MARGIN - 2 * LEADING
    for row, (left_line, right_line) in enumerate(zip(left, right, strict=True)):
        y = top - row * LEADING
        pdf.drawString(MARGIN, y, left_line)
        pdf.drawString(MARGIN + column_width + 30, y, right_line)
    pdf.showPage()
    pdf.save()
    text = "\n".join([title, *left, *right])
    phrases = (left[-1] + "\n" + right[0],)
    return SyntheticPdf(
        path,
        "two_column",
        (text,),
        (ExtractionMethod.PDFIUM,),
        garbled=False,
        phrases=phrases,
    )


def _tj(pdf: canvas.Canvas, items: list[str | float], *, x: float, y: float) -> None:
    """Draw one TJ array of DejaVu strings and kerning numbers (thousandths of em)."""
    font = pdfmetrics.getFont(FONT)
    operands = []
    name = None
    for item in items:
        if isinstance(item, float):
            operands.append(f"{item:.1f}")
            continue
        for subset, encoded in font.splitString(item, pdf._doc):
            subset_name = font.getSubsetInternalName(subset, pdf._doc)
            if name not in (None, subset_name):
                operands.append(f"] TJ {subset_name} {FONT_SIZE} Tf [")
            name = subset_name
            operands.append(f"<{encoded.hex()}>")
    pdf._code.append(
        f"BT {name} {FONT_SIZE} Tf {x:.2f} {y:.2f} Td [{' '.join(operands)}] TJ ET"
    )


def write_fake_bold(folder: Path) -> SyntheticPdf:
    """A heading in fake bold: each glyph drawn twice 0.35 pt apart in one TJ array."""
    path = folder / "fake_bold.pdf"
    pdf = _canvas(path)
    heading = "РЕШЕНИЕ ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ"
    items: list[str | float] = []
    for char in heading:
        advance = pdfmetrics.stringWidth(char, FONT, FONT_SIZE)
        items += [char, (advance - 0.35) * 1000 / FONT_SIZE, char]
    body = body_lines(2, 30)
    pdf.setFont(FONT, FONT_SIZE)
    pdf.drawString(MARGIN, 20, ".")  # registers the subset before the raw TJ
    _tj(pdf, items, x=MARGIN, y=A4[1] - MARGIN)
    _draw_lines(pdf, body, top=A4[1] - MARGIN - 2 * LEADING)
    pdf.showPage()
    pdf.save()
    text = "\n".join([heading, *body, "."])
    return SyntheticPdf(
        path,
        "fake_bold",
        (text,),
        (ExtractionMethod.PDFIUM,),
        garbled=False,
        phrases=(heading,),
    )


def write_kerning_glued(folder: Path) -> SyntheticPdf:
    """Words set apart by TJ kerning alone, with no space glyph between them."""
    path = folder / "kerning_glued.pdf"
    pdf = _canvas(path)
    lines = body_lines(4, 35)
    pdf.setFont(FONT, FONT_SIZE)
    pdf.drawString(MARGIN, 20, ".")
    for row, line in enumerate(lines):
        items: list[str | float] = []
        for word in line.split():
            items += [word, -280.0]
        _tj(pdf, items, x=MARGIN, y=A4[1] - MARGIN - row * LEADING)
    pdf.showPage()
    pdf.save()
    text = "\n".join([*lines, "."])
    phrase = " ".join(lines[0].split()[:5])
    return SyntheticPdf(
        path,
        "kerning_glued",
        (text,),
        (ExtractionMethod.PDFIUM,),
        garbled=False,
        phrases=(phrase,),
    )


def write_stripped_tounicode(folder: Path) -> SyntheticPdf:
    """An embedded TrueType subset whose ToUnicode map was removed.

    pdfium then returns the subset's byte codes (control characters) and pdfminer
    returns ``(cid:NN)``; only OCR can read the page.
    """
    path = folder / "stripped_tounicode.pdf"
    pdf = _canvas(path, pageCompression=0)
    lines = body_lines(6, 30)
    _draw_lines(pdf, lines, top=A4[1] - MARGIN)
    pdf.showPage()
    pdf.save()
    data = path.read_bytes()
    # Blanked out to the same length, so the cross-reference offsets stay valid.
    data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()), data)
    path.write_bytes(data)
    return SyntheticPdf(
        path,
        "stripped_tounicode",
        ("\n".join(lines),),
        (ExtractionMethod.OCR,),
        garbled=True,
        phrases=(" ".join(lines[2].split()[:4]),),
    )


def write_type3_no_unicode(
    folder: Path, *, fake_bold: bool = False, glued: bool = False
) -> SyntheticPdf:
    """A Type3 font with Adobe glyph names ("uni0418") but no ToUnicode map.

    pdfium reads such a font's codes as Latin letters ("AKLFN ICJBLGHKO") with no
    error; pdfminer maps the glyph names to Unicode and recovers the text. With
    ``fake_bold`` each glyph is drawn twice 0.35 pt apart, with ``glued`` words
    are separated by kerning instead of space glyphs: both then need the glyph
    positions that the pdfminer path uses.
    """
    kind = (
        "type3_no_unicode"
        + ("_fake_bold" if fake_bold else "")
        + ("_glued" if glued else "")
    )
    path = folder / f"{kind}.pdf"
    lines = body_lines(8, 30)
    path.write_bytes(_type3_pdf(lines, fake_bold=fake_bold, glued=glued))
    return SyntheticPdf(
        path,
        kind,
        ("\n".join(lines),),
        (ExtractionMethod.PDFMINER,),
        garbled=True,
        phrases=(" ".join(lines[1].split()[:4]),),
    )


def _type3_pdf(lines: list[str], *, fake_bold: bool, glued: bool) -> bytes:
    """Write a one-page PDF by hand with a Type3 font (reportlab makes none)."""
    _register_font()
    chars = sorted(set("".join(lines)) - {" "})
    codes = {char: 33 + index for index, char in enumerate(chars)}
    codes[" "] = 32
    widths = {
        char: round(pdfmetrics.stringWidth(char, FONT, FONT_SIZE) * 1000 / FONT_SIZE)
        for char in codes
    }

    # Glyph procedures: a box the size of the glyph's advance, so the page shows
    # where text is without the shapes being readable by OCR.
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> int:
        return add(b"<< /Length %d >>\nstream\n%b\nendstream" % (len(data), data))

    procs = {}
    for char in codes:
        width = widths[char]
        shape = (
            b"" if char == " " else b" %d 0 %d 500 re f" % (width // 8, width * 3 // 4)
        )
        procs[char] = stream(b"%d 0 0 0 %d 700 d1%b" % (width, width, shape))
    names = {char: "space" if char == " " else f"uni{ord(char):04X}" for char in codes}
    charprocs = " ".join(f"/{names[c]} {procs[c]} 0 R" for c in codes)
    differences = " ".join(
        f"{codes[c]} /{names[c]}" for c in sorted(codes, key=lambda c: codes[c])
    )
    last = max(codes.values())
    width_list = " ".join(
        str(next((widths[c] for c, k in codes.items() if k == code), 0))
        for code in range(32, last + 1)
    )
    font = add(
        (
            f"<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 1000 800] "
            f"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << {charprocs} >> "
            f"/Encoding << /Type /Encoding /Differences [{differences}] >> "
            f"/FirstChar 32 /LastChar {last} /Widths [{width_list}] "
            f"/Resources << >> >>"
        ).encode()
    )

    # The content: one TJ array per line.
    ops = [f"BT /T3 {FONT_SIZE} Tf"]
    for row, line in enumerate(lines):
        y = A4[1] - MARGIN - row * LEADING
        ops.append(f"1 0 0 1 {MARGIN} {y:.2f} Tm")
        parts: list[str] = []
        for word_index, word in enumerate(line.split()):
            if word_index:
                parts.append("-280" if glued else "<20>")
            for char in word:
                glyph = f"<{codes[char]:02x}>"
                if fake_bold:
                    back = (widths[char] - 35) if char != " " else 0
                    parts += [glyph, str(back), glyph]
                else:
                    parts.append(glyph)
        ops.append(f"[{' '.join(parts)}] TJ")
    ops.append("ET")
    content = stream("\n".join(ops).encode())
    page = add(
        b"<< /Type /Page /Parent 0 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /T3 %d 0 R >> >> /Contents %d 0 R >>"
        % (round(A4[0]), round(A4[1]), font, content)
    )
    pages = add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    objects[page - 1] = objects[page - 1].replace(
        b"/Parent 0 0 R", b"/Parent %d 0 R" % pages
    )
    return _assemble(objects, root=catalog)


def _assemble(objects: list[bytes], *, root: int) -> bytes:
    """Serialize numbered objects with a cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _render_scan(lines: list[str], *, dpi: int = 300) -> Image.Image:
    """An A4 page image with the lines typeset in DejaVu, as a scanner would see it."""
    scale = dpi / 72
    image = Image.new("L", (round(A4[0] * scale), round(A4[1] * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(DEJAVU), round(FONT_SIZE * scale))
    for row, line in enumerate(lines):
        y = (MARGIN + row * LEADING) * scale
        draw.text((MARGIN * scale, y), line, fill=0, font=font)
    return image


def _draw_image(pdf: canvas.Canvas, image: Image.Image) -> None:
    """Place a page image over the whole page."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])


def write_scan(folder: Path) -> SyntheticPdf:
    """A scanned page: the text exists only as pixels of an embedded image."""
    path = folder / "scan.pdf"
    lines = body_lines(3, 12)
    pdf = _canvas(path)
    _draw_image(pdf, _render_scan(lines))
    pdf.showPage()
    pdf.save()
    phrase = " ".join(lines[0].split()[:4])
    return SyntheticPdf(
        path,
        "scan",
        ("\n".join(lines),),
        (ExtractionMethod.OCR,),
        garbled=True,
        phrases=(phrase,),
    )


def write_lookalike_layer(folder: Path) -> SyntheticPdf:
    """A scan with an invisible OCR layer made of Latin look-alikes (like file r15)."""
    path = folder / "lookalike_layer.pdf"
    lines = body_lines(5, 12)
    pdf = _canvas(path)
    _draw_image(pdf, _render_scan(lines))
    text = pdf.beginText()
    text.setTextRenderMode(3)  # invisible, as OCR layers of scanners are
    text.setFont("Helvetica", FONT_SIZE)
    for row, line in enumerate(lines):
        text.setTextOrigin(MARGIN, A4[1] - MARGIN - FONT_SIZE - row * LEADING)
        text.textOut(line.translate(_LOOKALIKES))
    pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    phrase = " ".join(lines[0].split()[:4])
    return SyntheticPdf(
        path,
        "lookalike_layer",
        ("\n".join(lines),),
        (ExtractionMethod.OCR,),
        garbled=True,
        phrases=(phrase,),
    )


def write_blank_scan(folder: Path) -> SyntheticPdf:
    """A scanned blank sheet: an all-white image and nothing else."""
    path = folder / "blank_scan.pdf"
    pdf = _canvas(path)
    _draw_image(pdf, Image.new("L", (620, 877), 255))
    pdf.showPage()
    pdf.save()
    return SyntheticPdf(
        path, "blank_scan", ("",), (ExtractionMethod.EMPTY,), garbled=True
    )


def write_encrypted(folder: Path) -> SyntheticPdf:
    """A PDF that needs a user password to open."""
    path = folder / "encrypted.pdf"
    pdf = _canvas(path, encrypt="секрет")
    _draw_lines(pdf, body_lines(0, 5), top=A4[1] - MARGIN)
    pdf.showPage()
    pdf.save()
    return SyntheticPdf(path, "encrypted", ("",), (), garbled=True)


def write_truncated(folder: Path) -> SyntheticPdf:
    """A PDF cut off in the middle of its first page's content, as a broken upload."""
    source = write_plain(folder, pages=2, name="truncated_source")
    path = folder / "truncated.pdf"
    path.write_bytes(source.path.read_bytes()[:700])
    return SyntheticPdf(path, "truncated", ("",), (), garbled=True)


def write_text_layer_fixtures(folder: Path) -> list[SyntheticPdf]:
    """Every fixture whose text the parser must recover without OCR."""
    return [
        write_plain(folder),
        write_running_headers(folder),
        write_two_column(folder),
        write_fake_bold(folder),
        write_kerning_glued(folder),
        write_type3_no_unicode(folder),
        write_type3_no_unicode(folder, fake_bold=True),
        write_type3_no_unicode(folder, glued=True),
    ]


def write_ocr_fixtures(folder: Path) -> list[SyntheticPdf]:
    """Every fixture that only OCR can read (slow to parse: seconds per page)."""
    return [
        write_stripped_tounicode(folder),
        write_scan(folder),
        write_lookalike_layer(folder),
        write_blank_scan(folder),
    ]
