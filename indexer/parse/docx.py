"""DOCX documents: every piece of visible text, in document order, in one lxml pass.

python-docx's ``Paragraph.text`` drops what lawyers need: automatic clause numbers
(«3.2.1.»), text boxes, content controls, footnotes, the result of fields, and it
cannot tell a tracked insertion from a deletion. This parser reads the package's
XML parts directly with lxml (one pass per part, no python-docx objects, which is
also faster) and renders:

* body paragraphs and tables in document order; a table row is one line, its cells
  separated by a tab, the paragraphs of a cell joined by a space (a cell spanning
  several columns appears once; a vertically merged continuation cell is empty);
* automatic list numbers before the paragraph text (:mod:`.docx_numbering`);
* headers first and footers last, each distinct text once (a header repeated by
  every section is not repeated), page-number-only footers dropped;
* footnotes and endnotes after the body, in the order of the notes part;
* text boxes (``w:txbxContent``) after the paragraph that anchors them; of a
  ``mc:AlternateContent`` only the ``mc:Choice`` is read, never the ``mc:Fallback``
  copy of the same box;
* content controls (``w:sdt``) by their content;
* tracked changes as accepted: insertions and moves-to kept, deletions and
  moves-from dropped;
* fields by their visible result: the instruction (``HYPERLINK "consultantplus://…"``,
  ``PAGE``) never leaks; hyperlinks by their text;
* tabs, line breaks, no-break hyphens; soft hyphens dropped.

Comments and revision marks on formatting are not document text and are skipped.
"""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from indexer.errors import ParseError
from indexer.parse.docx_numbering import Numbering, W
from indexer.parsed import FileFormat, ParsedFile
from nlp.normalize import normalize_text

logger = logging.getLogger(__name__)

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DC = "http://purl.org/dc/elements/1.1/"

# Relationship types (ECMA-376 part 1, §15.2) of the parts read here.
_REL_OFFICE_DOCUMENT = f"{R}/officeDocument"
_REL_NUMBERING = f"{R}/numbering"
_REL_STYLES = f"{R}/styles"
_REL_FOOTNOTES = f"{R}/footnotes"
_REL_ENDNOTES = f"{R}/endnotes"

# The largest uncompressed XML part read, against zip bombs: a 1,000-page
# contract's document.xml is about 20 MB.
MAX_PART_BYTES = 256 * 1024 * 1024


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


_P, _R, _T, _TBL, _TR, _TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
_TAB, _PTAB, _BR, _CR = _w("tab"), _w("ptab"), _w("br"), _w("cr")
_NO_BREAK_HYPHEN, _SYM = _w("noBreakHyphen"), _w("sym")
_FLD_CHAR, _FLD_CHAR_TYPE = _w("fldChar"), _w("fldCharType")
_TXBX_CONTENT, _ALT_CHUNK = _w("txbxContent"), _w("altChunk")
_FOOTNOTE, _ENDNOTE, _TYPE = _w("footnote"), _w("endnote"), _w("type")
_HEADER_REF, _FOOTER_REF, _SECT_PR = (
    _w("headerReference"),
    _w("footerReference"),
    _w("sectPr"),
)
_ALTERNATE, _CHOICE, _FALLBACK = (
    f"{{{MC}}}AlternateContent",
    f"{{{MC}}}Choice",
    f"{{{MC}}}Fallback",
)
_MATH_T = f"{{{M}}}t"
_MATH_PARA, _MATH = f"{{{M}}}oMathPara", f"{{{M}}}oMath"
_R_ID = f"{{{R}}}id"

# Inline containers whose content is read as if it were the paragraph's own:
# tracked insertions, moves-to, hyperlinks, smart tags, simple fields (their runs
# are the field result), bidi wrappers.
_TRANSPARENT = frozenset(
    {_w("ins"), _w("moveTo"), _w("hyperlink"), _w("smartTag"), _CUSTOM_XML,
     _w("fldSimple"), _w("dir"), _w("bdo")}
)  # fmt: skip

# Inline content that is never shown: tracked deletions and moves-from, the
# paragraph's and run's properties.
_DROPPED = frozenset({_w("del"), _w("moveFrom"), _w("pPr"), _w("rPr")})

# Note types that are Word's separator lines, not notes.
_SEPARATOR_NOTES = frozenset(
    {"separator", "continuationSeparator", "continuationNotice"}
)

# A header or footer that holds only a page number, e.g. "3", "- 3 -", "Стр. 3 из 10".
_PAGE_NUMBER_ONLY = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:стр\.?|страница)\s*)?\d{0,4}(?:\s*(?:из|/)\s*\d{0,4})?"
    r"\s*(?:[-–—]\s*)?$",
    re.IGNORECASE,
)

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
)


def parse_docx(path: Path) -> ParsedFile:
    """Extract the text of a DOCX (or DOCM/DOTX) file.

    Args:
        path: the file.

    Returns:
        The normalized text and the ``title`` from the document properties.

    Raises:
        ParseError: the file is truncated, not a Word package, or corrupt.
    """
    try:
        with zipfile.ZipFile(path) as package:
            text, title, warnings = _extract(path, package)
    except zipfile.BadZipFile as error:
        raise _corrupt(path, f"not a valid ZIP archive ({error})") from error
    except (zlib.error, EOFError) as error:
        raise _corrupt(path, f"ZIP data damaged ({error})") from error
    except etree.XMLSyntaxError as error:
        raise _corrupt(path, f"malformed XML ({error})") from error
    except OSError as error:
        raise ParseError(
            f"{path.name}: cannot read file: {error}",
            user_message=f"Не удалось прочитать файл {path.name}.",
        ) from error

    text = normalize_text(text)
    if not text:
        raise ParseError(
            f"{path.name}: DOCX document has no text",
            user_message=f"Документ DOCX {path.name} не содержит текста.",
        )
    logger.debug("DOCX parsed, %d characters", len(text))
    return ParsedFile(
        text=text, format=FileFormat.DOCX, title=title, warnings=tuple(warnings)
    )


def _corrupt(path: Path, reason: str) -> ParseError:
    """The error for a damaged package."""
    return ParseError(
        f"{path.name}: truncated or corrupt DOCX: {reason}",
        user_message=f"Файл DOCX {path.name} повреждён или обрезан.",
    )


def _extract(path: Path, package: zipfile.ZipFile) -> tuple[str, str | None, list[str]]:
    """Read the parts of an opened package; text, title and warnings."""
    names = set(package.namelist())
    main = _main_part(package, names)
    if main is None:
        raise _corrupt(path, "no main document part (word/document.xml)")
    rels = _relationships(package, names, main)

    numbering_root = _part_root(package, names, _first_target(rels, _REL_NUMBERING))
    styles_part = _first_target(rels, _REL_STYLES)
    numbering = Numbering(
        numbering_root, styles=lambda: _part_root(package, names, styles_part)
    )
    renderer = _Renderer(numbering)

    document = _read_xml(package, main)
    body = document.find(_w("body"))
    if body is None:
        raise _corrupt(path, "document part has no body")
    body_lines = renderer.blocks(body)

    headers, footers = _header_footer_targets(document, rels)
    header_lines = _distinct_parts(renderer, package, names, headers)
    footer_lines = _distinct_parts(renderer, package, names, footers)

    note_lines: list[str] = []
    for rel_type, tag in ((_REL_FOOTNOTES, _FOOTNOTE), (_REL_ENDNOTES, _ENDNOTE)):
        root = _part_root(package, names, _first_target(rels, rel_type))
        if root is not None:
            note_lines.extend(renderer.notes(root, tag))

    sections = [header_lines, body_lines, footer_lines, note_lines]
    text = "\n\n".join("\n".join(lines) for lines in sections if lines)
    return text, _title(package, names), renderer.warnings


def _main_part(package: zipfile.ZipFile, names: set[str]) -> str | None:
    """The main document part, from the package relationships."""
    if "_rels/.rels" in names:
        root = _read_xml(package, "_rels/.rels")
        for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
            if rel.get("Type") == _REL_OFFICE_DOCUMENT:
                target = posixpath.normpath((rel.get("Target") or "").lstrip("/"))
                if target in names:
                    return target
    return "word/document.xml" if "word/document.xml" in names else None


def _relationships(
    package: zipfile.ZipFile, names: set[str], part: str
) -> dict[str, tuple[str, str]]:
    """The relationships of a part: id → (type, target part name)."""
    folder, file_name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{file_name}.rels")
    if rels_name not in names:
        return {}
    rels: dict[str, tuple[str, str]] = {}
    for rel in _read_xml(package, rels_name).iter(f"{{{PKG_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        rels[rel.get("Id") or ""] = (rel.get("Type") or "", resolved)
    return rels


def _first_target(rels: dict[str, tuple[str, str]], rel_type: str) -> str | None:
    """The target of the first relationship of a type."""
    for kind, target in rels.values():
        if kind == rel_type:
            return target
    return None


def _read_xml(package: zipfile.ZipFile, name: str) -> Any:
    """Parse one XML part, refusing parts that inflate beyond reason."""
    if package.getinfo(name).file_size > MAX_PART_BYTES:
        raise zipfile.BadZipFile(f"part {name} larger than {MAX_PART_BYTES} bytes")
    return etree.fromstring(package.read(name), _XML_PARSER)


def _part_root(package: zipfile.ZipFile, names: set[str], name: str | None) -> Any:
    """Parse an optional part; None when it is absent."""
    if name is None or name not in names:
        return None
    return _read_xml(package, name)


def _header_footer_targets(
    document: Any, rels: dict[str, tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Header and footer parts referenced by the sections, in order, each once."""
    headers: list[str] = []
    footers: list[str] = []
    for sect_pr in document.iter(_SECT_PR):
        for reference in sect_pr:
            target_list = (
                headers
                if reference.tag == _HEADER_REF
                else footers
                if reference.tag == _FOOTER_REF
                else None
            )
            if target_list is None:
                continue
            rel = rels.get(reference.get(_R_ID) or "")
            if rel is not None and rel[1] not in target_list:
                target_list.append(rel[1])
    return headers, footers


def _distinct_parts(
    renderer: _Renderer, package: zipfile.ZipFile, names: set[str], parts: list[str]
) -> list[str]:
    """Render header or footer parts; each distinct text once, page numbers dropped."""
    lines: list[str] = []
    seen: set[str] = set()
    for part in parts:
        root = _part_root(package, names, part)
        if root is None:
            continue
        part_lines = renderer.blocks(root)
        text = "\n".join(part_lines).strip()
        if text in seen or _PAGE_NUMBER_ONLY.match(text):
            continue
        seen.add(text)
        lines.extend(part_lines)
    return lines


def _title(package: zipfile.ZipFile, names: set[str]) -> str | None:
    """The title from the core properties, if set."""
    if "docProps/core.xml" not in names:
        return None
    node = _read_xml(package, "docProps/core.xml").find(f"{{{DC}}}title")
    if node is None or not node.text:
        return None
    return normalize_text(node.text) or None


class _Renderer:
    """Turns WordprocessingML block content into lines of text."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.warnings: list[str] = []
        # Complex fields: one entry per open field, True once past its separator.
        self._fields: list[bool] = []
        self._hidden = 0  # open fields still in their instruction part

    def blocks(self, container: Any) -> list[str]:
        """Render the block-level children of a container as lines."""
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == _P:
                self._paragraph(child, lines)
            elif tag == _TBL:
                lines.extend(self._table(child))
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    lines.extend(self.blocks(content))
            elif tag == _CUSTOM_XML:
                lines.extend(self.blocks(child))
            elif tag == _ALTERNATE:
                choice = child.find(_CHOICE)
                if choice is not None:
                    lines.extend(self.blocks(choice))
            elif tag == _ALT_CHUNK:
                self.warnings.append(
                    "embedded alternative-format chunk (altChunk) skipped"
                )
        return lines

    def notes(self, root: Any, tag: str) -> list[str]:
        """Render footnotes or endnotes, one block per note, separators skipped."""
        lines: list[str] = []
        for note in root.iter(tag):
            if note.get(_TYPE) in _SEPARATOR_NOTES:
                continue
            note_lines = [line for line in self.blocks(note) if line.strip()]
            if note_lines:
                lines.append(" ".join(note_lines))
        return lines

    def _paragraph(self, paragraph: Any, lines: list[str]) -> None:
        """Render one paragraph (its label and text), then its text boxes."""
        label = self.numbering.label(paragraph)
        parts: list[str] = []
        boxes: list[str] = []
        self._inline(paragraph, parts, boxes)
        text = "".join(parts)
        lines.append(f"{label} {text}" if label else text)
        lines.extend(boxes)

    def _table(self, table: Any) -> list[str]:
        """Render a table: one line per row, cells joined by tabs."""
        lines: list[str] = []
        for row in _children(table, _TR):
            cells = []
            for cell in _children(row, _TC):
                cell_lines = self.blocks(cell)
                cells.append(
                    " ".join(line.strip() for line in cell_lines if line.strip())
                )
            lines.append("\t".join(cells).rstrip("\t"))
        return lines

    def _inline(self, element: Any, parts: list[str], boxes: list[str]) -> None:
        """Render the inline content of a paragraph (or a transparent wrapper)."""
        for child in element:
            tag = child.tag
            if tag == _R:
                self._run(child, parts, boxes)
            elif tag in _TRANSPARENT:
                self._inline(child, parts, boxes)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._inline(content, parts, boxes)
            elif tag == _ALTERNATE:
                choice = child.find(_CHOICE)
                if choice is not None:
                    self._inline(choice, parts, boxes)
            elif tag in (_MATH, _MATH_PARA):
                parts.append("".join(node.text or "" for node in child.iter(_MATH_T)))

    def _run(self, run: Any, parts: list[str], boxes: list[str]) -> None:
        """Render one run: its text, tabs, breaks, fields and anchored text boxes."""
        for child in run:
            tag = child.tag
            if tag == _T:
                if not self._hidden and child.text:
                    parts.append(child.text)
            elif tag == _FLD_CHAR:
                self._field_char(child.get(_FLD_CHAR_TYPE))
            elif self._hidden or tag in _DROPPED:
                continue
            elif tag in (_TAB, _PTAB):
                parts.append("\t")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == _SYM:
                parts.append(_symbol(child))
            elif tag in (_MATH, _MATH_PARA):
                parts.append("".join(node.text or "" for node in child.iter(_MATH_T)))
            elif len(child):  # drawing, pict, object, mc:AlternateContent
                for box in _text_boxes(child):
                    boxes.extend(self.blocks(box))

    def _field_char(self, kind: str | None) -> None:
        """Track complex fields: text between begin and separate is instruction."""
        if kind == "begin":
            self._fields.append(False)
            self._hidden += 1
        elif kind == "separate" and self._fields and not self._fields[-1]:
            self._fields[-1] = True
            self._hidden -= 1
        elif kind == "end" and self._fields and not self._fields.pop():
            self._hidden -= 1


def _children(element: Any, tag: str) -> list[Any]:
    """Children with a tag, looking through content controls and custom XML."""
    found = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                found.extend(_children(content, tag))
    return found


def _text_boxes(element: Any) -> list[Any]:
    """Outermost text boxes inside a drawing, skipping mc:Fallback copies."""
    boxes = []
    for box in element.iter(_TXBX_CONTENT):
        ancestor = box.getparent()
        duplicate = False
        while ancestor is not None and ancestor is not element:
            if ancestor.tag in (_FALLBACK, _TXBX_CONTENT):
                duplicate = True
                break
            ancestor = ancestor.getparent()
        if not duplicate:
            boxes.append(box)
    return boxes


def _symbol(sym: Any) -> str:
    """A ``w:sym`` character, unless it is a private-use glyph of a symbol font."""
    try:
        code = int(sym.get(_w("char")) or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000  # Symbol/Wingdings map their glyphs to U+F0xx
        return chr(code) if 0x20 <= code < 0x7F and chr(code).isalnum() else ""
    return chr(code) if code >= 0x20 else ""
