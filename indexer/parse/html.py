"""HTML pages: statutes exported from Word, court websites' case cards and acts.

The charset is sniffed, not trusted: a BOM, then strict UTF-8, then the page's own
``<meta charset>`` (court pages declare windows-1251 and send UTF-8), then the
Russian-text scorer of :mod:`indexer.parse.encoding`.

Only what a browser shows is kept: scripts, styles, comments (which is where Word
hides its ``<!--[if gte mso]>`` XML settings, the source of the "Complex Print
false …" junk of naive extractors), and ``<head>`` are dropped. Elements hidden by
CSS are kept on purpose: court sites hide the case card until a script reveals it
(``visibility:hidden`` on the whole content of a mos-gorsud.ru page).

Block elements end a line; in a table each row is a line with cells separated by a
tab. Depersonalization placeholders written as raw ``<адрес>`` (they look like
tags) are kept as text.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from lxml import etree, html

from indexer.errors import ParseError
from indexer.parse.encoding import decode_bytes
from indexer.parsed import FileFormat, ParsedFile
from nlp.normalize import normalize_text

logger = logging.getLogger(__name__)

# A charset declared in the first bytes of a page, in either meta form:
# <meta charset="utf-8"> or <meta http-equiv="Content-Type"
# content="text/html; charset=windows-1251">; group 1 is the name.
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)

# An XML declaration at the top of an XHTML page, e.g.
# '<?xml version="1.0" encoding="windows-1251"?>'; lxml refuses one in a str.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# "<" that opens a Cyrillic pseudo-tag, a depersonalization placeholder that an
# HTML parser would swallow, e.g. "<адрес>" or "</адрес>" in "проживающей по <адрес>".
_CYRILLIC_TAG = re.compile(r"<(?=/?[А-Яа-яЁё])")

# A run of HTML whitespace inside a text node, e.g. "\n      " between words: HTML
# renders it as one space (the no-break space U+00A0 is not included: it is text).
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

# Tabs that close the last cell of a row and tabs opening a line, e.g. "a\tb\t\n".
_EDGE_TABS = re.compile(r"\t+\n|\n\t+")

# A CSS rule that raises its class above the line, as pravo.gov.ru exports write the
# inserted-article index: ".W9{vertical-align:top; ... font-size:9pt}" applied to
# "Статья 157<span class="W9">1</span>" (article 157.1); group 1 is the class.
_RAISED_CLASS = re.compile(
    r"\.([\w-]+)\s*\{[^}]*vertical-align\s*:\s*(?:top|super)", re.I
)

# A Cyrillic letter, e.g. "Ж".
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")

# Elements whose whole subtree is never shown.
_SKIPPED_TAGS = frozenset(
    {
        "head", "script", "style", "noscript", "template", "iframe", "object",
        "embed", "svg", "math", "canvas", "select", "button", "input", "textarea",
        "map", "audio", "video", "xml",
    }
)  # fmt: skip

# Elements that start and end a line.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "thead", "tfoot", "caption", "ul", "html", "legend",
    }
)  # fmt: skip


def parse_html(path: Path) -> ParsedFile:
    """Extract the visible text of an HTML page.

    Args:
        path: the file.

    Returns:
        The normalized text, the detected ``encoding`` and the ``<title>`` as
        ``title`` (dropped when it has no Cyrillic letter but the page has, as
        Word's placeholder title "Complex" of pravo.gov.ru exports).

    Raises:
        ParseError: the file cannot be read, parsed, or shows no text.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(
            f"{path.name}: cannot read file: {error.strerror}",
            user_message=f"Не удалось прочитать файл {path.name}.",
        ) from error
    meta = _META_CHARSET.search(data[:8192])
    declared = meta.group(1).decode("ascii", "replace") if meta else None
    decoded = decode_bytes(data, declared=declared)
    if declared and decoded.encoding.replace("_", "-") != declared.lower():
        logger.debug(
            "%s: declared %s, decoded as %s", path.name, declared, decoded.encoding
        )

    source = _XML_DECLARATION.sub("", decoded.text, count=1)
    source = _CYRILLIC_TAG.sub("&lt;", source)
    if not source.strip():
        raise ParseError(
            f"{path.name}: HTML page is empty",
            user_message=f"HTML-страница {path.name} пуста.",
        )
    try:
        root = html.document_fromstring(source)
    except (etree.ParserError, ValueError) as error:
        raise ParseError(
            f"{path.name}: HTML cannot be parsed: {error}",
            user_message=f"Не удалось разобрать HTML-страницу {path.name}.",
        ) from error

    raised = _raised_classes(root)
    text = normalize_text(_EDGE_TABS.sub("\n", _visible_text(root, raised)))
    if not text:
        raise ParseError(
            f"{path.name}: HTML page shows no text",
            user_message=f"HTML-страница {path.name} не содержит текста.",
        )
    warnings: tuple[str, ...] = ()
    if not decoded.confident:
        warnings = (
            f"encoding guessed as {decoded.encoding}: text does not read as Russian",
        )
    return ParsedFile(
        text=text,
        format=FileFormat.HTML,
        encoding=decoded.encoding,
        title=_title(root, text),
        warnings=warnings,
    )


def _title(root: Any, text: str) -> str | None:
    """The page's ``<title>``, unless it is a placeholder in another script."""
    node = root.find(".//title")
    if node is None:
        return None
    title = normalize_text(_HTML_SPACE.sub(" ", node.text_content()))
    if not title or (_CYRILLIC.search(text) and not _CYRILLIC.search(title)):
        return None
    return title


def _raised_classes(root: Any) -> frozenset[str]:
    """CSS classes the page's own styles raise above the line (superscripts)."""
    styles = " ".join(node.text or "" for node in root.iter("style"))
    return frozenset(_RAISED_CLASS.findall(styles))


def _is_raised(element: Any, tag: str, raised: frozenset[str]) -> bool:
    if tag == "sup":
        return True
    classes = element.get("class")
    return bool(raised and classes and not raised.isdisjoint(classes.split()))


def _visible_text(root: Any, raised: frozenset[str] = frozenset()) -> str:
    """Walk the tree once and render what a browser would show, as lines.

    Inside a table cell that holds no nested table, paragraphs and line breaks
    become spaces, so that each table row stays one line; a cell that holds a
    table is page layout and keeps its lines. A raised index right after a number
    («157» + superscript «1») is the number of an inserted article or point and is
    written the way lawyers cite it, «157.1».
    """
    out: list[str] = []
    pre_depth = 0
    flat_cells: list[bool] = []  # per open cell: whether its blocks are flattened
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            if event == "end":
                _append_text(out, element.tail, pre_depth=pre_depth)
            continue
        tag = tag.lower()
        flat = bool(flat_cells) and flat_cells[-1]
        if event == "start":
            if tag in _SKIPPED_TAGS:
                walker.skip_subtree()  # its "end" event still comes, with the tail
                continue
            if tag in ("td", "th"):
                flat_cells.append(element.find(".//table") is None)
            elif tag == "pre":
                pre_depth += 1
            if tag in _BLOCK_TAGS or tag in ("tr", "br"):
                _break(out, flat=flat)
            index = (element.text or "").strip()
            if (
                index.isdigit()
                and out
                and out[-1][-1:].isdigit()
                and _is_raised(element, tag, raised)
            ):
                out.append(".")
            _append_text(out, element.text, pre_depth=pre_depth)
            continue

        # "end": close the element, then its tail belongs to the parent.
        if tag in ("td", "th"):
            flat_cells.pop()
            out.append("\t")
        elif tag == "pre":
            pre_depth -= 1
        if tag in _BLOCK_TAGS or tag == "tr":
            _break(out, flat=flat and tag != "tr")
        _append_text(out, element.tail, pre_depth=pre_depth)
    return "".join(out)


def _break(out: list[str], *, flat: bool) -> None:
    """End a line (a space inside a flattened cell), never two in a row."""
    if flat:
        out.append(" ")
    elif out and not out[-1].endswith("\n"):
        out.append("\n")


def _append_text(out: list[str], text: str | None, *, pre_depth: int) -> None:
    """Append a text node; whitespace between blocks is dropped, not rendered."""
    if not text:
        return
    rendered = text if pre_depth else _HTML_SPACE.sub(" ", text)
    if rendered == " " and (not out or out[-1].endswith(("\n", "\t", " "))):
        return
    out.append(rendered)
