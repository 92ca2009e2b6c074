"""Synthetic DOCX files for tests and benchmarks, made on the spot, never shipped.

Three generators:

* :func:`write_docx` packs hand-written WordprocessingML (body, numbering, notes,
  headers, footers) into a minimal valid package, for the features python-docx
  cannot author: tracked changes, complex fields, text boxes with
  ``mc:AlternateContent``, content controls, multi-level numbering;
* :func:`write_court_docx` builds a court-decision-like document with python-docx
  (paragraphs and a table of sums), the benchmark's input;
* :func:`write_cfb` writes a minimal OLE2 compound file with given streams, e.g.
  the ``EncryptionInfo``/``EncryptedPackage`` pair of a password-protected DOCX.
"""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"

# Namespace declarations every generated part carries, so snippets may use
# w:, r:, mc:, wps: and v: prefixes freely.
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:mc="{MC_NS}" '
    f'xmlns:wps="{WPS_NS}" xmlns:v="{V_NS}" mc:Ignorable=""'
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def write_docx(
    path: Path,
    *,
    body: str,
    numbering: str | None = None,
    styles: str | None = None,
    footnotes: list[str] | None = None,
    endnotes: list[str] | None = None,
    headers: list[str] | None = None,
    footers: list[str] | None = None,
    title: str | None = None,
) -> Path:
    """Write a DOCX package around hand-written WordprocessingML.

    Args:
        path: where to write.
        body: the content of ``w:body`` (paragraphs, tables, section properties).
            Headers and footers are referenced as ``r:id="rIdHeader1"``,
            ``"rIdFooter1"``…; a final ``w:sectPr`` referencing every one of them
            is appended.
        numbering: the content of ``w:numbering`` (abstract definitions and nums).
        styles: the content of ``w:styles``.
        footnotes: the content (paragraphs) of each footnote, ids 1, 2, …
        endnotes: the content of each endnote, ids 1, 2, …
        headers: the content of each header part.
        footers: the content of each footer part.
        title: the core-properties title.

    Returns:
        ``path``.
    """
    headers, footers = headers or [], footers or []
    parts: dict[str, str] = {}
    rels: list[tuple[str, str, str]] = []
    overrides: list[tuple[str, str]] = [
        ("/word/document.xml", f"{_CT}.document.main+xml")
    ]

    references = "".join(
        f'<w:headerReference w:type="default" r:id="rIdHeader{n}"/>'
        for n in range(1, len(headers) + 1)
    ) + "".join(
        f'<w:footerReference w:type="default" r:id="rIdFooter{n}"/>'
        for n in range(1, len(footers) + 1)
    )
    parts["word/document.xml"] = _xml(
        "w:document", f"<w:body>{body}<w:sectPr>{references}</w:sectPr></w:body>"
    )
    for kind, items in (("header", headers), ("footer", footers)):
        for n, content in enumerate(items, start=1):
            name = f"{kind}{n}.xml"
            root = "w:hdr" if kind == "header" else "w:ftr"
            parts[f"word/{name}"] = _xml(root, content)
            rels.append((f"rId{kind.title()}{n}", f"{_REL}/{kind}", name))
            overrides.append((f"/word/{name}", f"{_CT}.{kind}+xml"))
    if numbering is not None:
        parts["word/numbering.xml"] = _xml("w:numbering", numbering)
        rels.append(("rIdNumbering", f"{_REL}/numbering", "numbering.xml"))
        overrides.append(("/word/numbering.xml", f"{_CT}.numbering+xml"))
    if styles is not None:
        parts["word/styles.xml"] = _xml("w:styles", styles)
        rels.append(("rIdStyles", f"{_REL}/styles", "styles.xml"))
        overrides.append(("/word/styles.xml", f"{_CT}.styles+xml"))
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes is None:
            continue
        content = (
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
            f"</w:p></w:{kind}>"
        ) + "".join(
            f'<w:{kind} w:id="{n}">{note}</w:{kind}>' for n, note in enumerate(notes, 1)
        )
        parts[f"word/{kind}s.xml"] = _xml(f"w:{kind}s", content)
        rels.append((f"rId{kind.title()}s", f"{_REL}/{kind}s", f"{kind}s.xml"))
        overrides.append((f"/word/{kind}s.xml", f"{_CT}.{kind}s+xml"))

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _content_types(overrides, title=title))
        package.writestr("_rels/.rels", _package_rels(title=title))
        package.writestr("word/_rels/document.xml.rels", _rels(rels))
        for name, xml in parts.items():
            package.writestr(name, xml)
        if title is not None:
            package.writestr("docProps/core.xml", _core(title))
    return path


def paragraph(text: str, *, num_id: int | None = None, ilvl: int = 0) -> str:
    """A ``w:p`` with one run of plain text, optionally in a numbered list.

    Args:
        text: the run text (escaped here).
        num_id: the list instance (``w:numId``), or None for no numbering.
        ilvl: the list level.

    Returns:
        The paragraph XML.
    """
    ppr = ""
    if num_id is not None:
        ppr = (
            f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr></w:pPr>"
        )
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def abstract_numbering(abstract_id: int, levels: list[tuple[str, str, int]]) -> str:
    """A ``w:abstractNum`` with levels given as (numFmt, lvlText, start).

    Example: ``[("decimal", "%1.", 1), ("decimal", "%1.%2.", 1)]`` numbers
    «1.», «1.1.», «1.2.», «2.»…
    """
    body = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{escape(text)}"/></w:lvl>'
        for ilvl, (fmt, text, start) in enumerate(levels)
    )
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{body}</w:abstractNum>'


def _xml(root: str, content: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<{root} {NAMESPACES}>{content}</{root}>"
    )


def _content_types(overrides: list[tuple[str, str]], *, title: str | None) -> str:
    items = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>'
        for name, kind in overrides
    )
    if title is not None:
        items += (
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{items}</Types>"
    )


def _package_rels(*, title: str | None) -> str:
    rels = [("rIdMain", f"{_REL}/officeDocument", "word/document.xml")]
    if title is not None:
        rels.append(
            (
                "rIdCore",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            )
        )
    return _rels(rels)


def _rels(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
        for rid, kind, target in rels
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships">{items}</Relationships>'
    )


def _core(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title></cp:coreProperties>"
    )


# --- benchmark documents ------------------------------------------------------------

# Words of the benchmark documents: the vocabulary of a utility-debt decision.
_VOCABULARY_TEXT = (
    "суд истец ответчик задолженность электроэнергия оплата взыскать пени договор "
    "энергоснабжения период расчет сумма рублей копеек государственная пошлина "
    "требования удовлетворить частично статья кодекса жилищного гражданского "
    "обязанность собственник помещения услуги коммунальные начисления платежи"
)


def write_court_docx(
    path: Path, *, seed: int, paragraphs: int = 40, table_rows: int = 12
) -> Path:
    """Write a court-decision-like DOCX with python-docx: paragraphs and a table.

    Args:
        path: where to write.
        seed: makes the words reproducible.
        paragraphs: how many body paragraphs.
        table_rows: rows of the 4-column table of monthly charges.

    Returns:
        ``path``.
    """
    from docx import Document

    rng = random.Random(seed)
    document = Document()
    document.add_heading(f"Р Е Ш Е Н И Е по делу № 2-{seed}/2024", level=1)
    for _ in range(paragraphs):
        words = rng.choices(_VOCABULARY_TEXT.split(), k=rng.randint(25, 70))
        document.add_paragraph(" ".join(words).capitalize() + ".")
    table = document.add_table(rows=table_rows + 1, cols=4)
    for cell, header in zip(
        table.rows[0].cells, ("Месяц", "Начислено", "Оплачено", "Долг"), strict=True
    ):
        cell.text = header
    for row_no, row in enumerate(table.rows[1:], start=1):
        charged = rng.randint(500, 5000)
        paid = rng.randint(0, charged)
        values = (
            f"{row_no:02d}.2023",
            f"{charged},00",
            f"{paid},00",
            f"{charged - paid},00",
        )
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(path))
    return path


# --- OLE2 compound files (MS-CFB) ---------------------------------------------------

_SECTOR = 512
_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = (
    0xFFFFFFFF,
    0xFFFFFFFE,
    0xFFFFFFFD,
    0xFFFFFFFF,
)
# Streams shorter than this would go to the mini stream, which this writer does
# not build; they are padded instead (MS-CFB 2.2, the mini stream cutoff).
_MINI_CUTOFF = 4096


def write_cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """Write a minimal version-3 compound file holding the given root streams.

    Every stream is padded with zero bytes to at least 4096 bytes so that all of
    them live in regular sectors. Up to 3 streams.

    Args:
        path: where to write.
        streams: stream name → content.

    Returns:
        ``path``.
    """
    if not 0 < len(streams) <= 3:
        raise ValueError("write_cfb writes 1 to 3 streams")
    # Directory siblings must be ordered by name length, then upper-cased name.
    names = sorted(streams, key=lambda name: (len(name), name.upper()))
    data = {name: streams[name].ljust(_MINI_CUTOFF, b"\0") for name in names}

    fat = [_FAT_SECTOR, _END_OF_CHAIN]  # sector 0: FAT, sector 1: directory
    starts: dict[str, int] = {}
    for name in names:
        count = -(-len(data[name]) // _SECTOR)
        starts[name] = len(fat)
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END_OF_CHAIN)
    if len(fat) > _SECTOR // 4:
        raise ValueError("streams too large for a one-sector FAT")
    fat.extend([_FREE] * (_SECTOR // 4 - len(fat)))

    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack(
        "<IIIIIIIII", 0, 1, 1, 0, _MINI_CUTOFF, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0
    )
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108

    entries = [_dir_entry("Root Entry", 5, child=1, start=_END_OF_CHAIN, size=0)]
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else _NO_STREAM
        entries.append(
            _dir_entry(name, 2, right=right, start=starts[name], size=len(data[name]))
        )
    directory = b"".join(entries).ljust(_SECTOR, b"\0")
    body = b"".join(
        data[name].ljust(-(-len(data[name]) // _SECTOR) * _SECTOR, b"\0")
        for name in names
    )
    path.write_bytes(header + struct.pack(f"<{_SECTOR // 4}I", *fat) + directory + body)
    return path


def _dir_entry(
    name: str,
    kind: int,
    *,
    start: int,
    size: int,
    child: int = _NO_STREAM,
    right: int = _NO_STREAM,
) -> bytes:
    """One 128-byte directory entry (MS-CFB 2.6)."""
    encoded = (name + "\0").encode("utf-16-le")
    entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", _NO_STREAM, right, child) + b"\0" * 16
    entry += struct.pack("<I", 0) + b"\0" * 16 + struct.pack("<IQ", start, size)
    return entry


def write_encrypted_docx(path: Path) -> Path:
    """Write what Word saves for a password-protected DOCX: an OLE2 container.

    The streams carry placeholder bytes: enough for format detection, not a real
    cipher text.
    """
    return write_cfb(
        path,
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
            "EncryptedPackage": b"\x00" * 8 + b"synthetic cipher text",
        },
    )
