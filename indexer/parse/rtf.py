"""RTF documents: a small tokenizer that keeps the text and drops the rest.

Court systems export decisions as RTF in two styles, and both must come out as
readable Russian:

* 8-bit escapes ``\\'e0`` in the code page of the document (``\\ansicpg1251``) or of
  the current font (``\\fcharset204`` = Windows-1251);
* Unicode escapes ``\\u1056`` followed by ``\\ucN`` fallback characters to skip —
  including ``\\uc0``, where there is no fallback at all and every letter is a
  ``\\uNNNN`` (a file that declares ``\\ansicpg1252`` may be Russian throughout).

Destinations that are not document text are skipped: anything marked ``\\*``, the
font, colour, style and list tables, document info (its title is kept as the
title), pictures, embedded objects and field instructions (a hyperlink shows its
visible text, never its target). Table cells are separated by a tab and rows end
a line, like every other parser's tables.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from indexer.errors import ParseError
from indexer.parse.encoding import FCHARSET_CODEPAGES, codepage_codec
from indexer.parsed import FileFormat, ParsedFile
from nlp.normalize import normalize_text

logger = logging.getLogger(__name__)

# One RTF token, in the order the alternatives are tried:
#   1-2: a control word and its optional numeric parameter, e.g. "\u1056" or "\par"
#        (a single space after it is its delimiter and part of the token);
#   3:   an 8-bit escape, e.g. "\'e0";
#   4:   a control symbol, e.g. "\~", "\-", "\*", "\{", or "\" before a line break;
#   5:   a brace;
#   6:   a run of plain text, e.g. "Times New Roman;".
# Bare line breaks match none of the groups: RTF ignores them.
_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"
    r"|\\'([0-9a-fA-F]{2})"
    r"|\\([^a-zA-Z'])"
    r"|([{}])"
    r"|([^\\{}\r\n]+)"
    r"|[\r\n]+",
    re.DOTALL,
)

# Destinations whose content is never document text (RTF 1.9.1 specification).
_SKIPPED_DESTINATIONS = frozenset(
    {
        "author", "buptim", "colortbl", "comment", "company", "creatim", "datastore",
        "doccomm", "fldinst", "footnotesep", "generator", "header_", "info_", "keywords",
        "latentstyles", "listoverridetable", "listtable", "manager", "object", "objdata",
        "operator", "pict", "printim", "revtbl", "revtim", "rsidtbl", "stylesheet",
        "subject", "themedata", "colorschememapping", "xmlnstbl", "xe", "tc", "pn",
        "template", "userprops", "wgrffmtfilter", "mmathPr", "nonshppict", "shpinst",
        "sp", "sn", "sv", "falt", "panose",
    }
)  # fmt: skip

# Control words that produce text in the body.
_CONTROL_TEXT = {
    "par": "\n",
    "line": "\n",
    "sect": "\n",
    "page": "\n",
    "row": "\n",
    "nestrow": "\n",
    "cell": "\t",
    "nestcell": "\t",
    "tab": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
}

# Control symbols that produce text: non-breaking space, non-breaking hyphen, a
# line break written as a backslash before the newline, and escaped specials.
_SYMBOL_TEXT = {
    "~": "\u00a0",
    "_": "\u2011",
    "\n": "\n",
    "\r": "\n",
    "\\": "\\",
    "{": "{",
    "}": "}",
    "\t": "\t",
}

# Where the text of the current group goes: the body, nowhere, the font table
# (read for code pages), the document title, or the rest of the document info.
_BODY, _SKIP, _FONTS, _TITLE, _INFO = range(5)

# Tabs closing the last cell of a table row, before the row's line break.
_ROW_END_TABS = re.compile(r"\t+\n")


def parse_rtf(path: Path) -> ParsedFile:
    """Extract the text of an RTF file.

    Args:
        path: the file.

    Returns:
        The normalized text; ``encoding`` is the code page that most 8-bit escapes
        were decoded with (the document's ``\\ansicpg`` when there were none);
        ``title`` comes from the document info when present.

    Raises:
        ParseError: the file is not RTF or holds no text.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(
            f"{path.name}: cannot read file: {error.strerror}",
            user_message=f"Не удалось прочитать файл {path.name}.",
        ) from error
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ParseError(
            f"{path.name}: not an RTF document (no {{\\rtf header)",
            user_message=f"Файл {path.name} не является документом RTF.",
        )
    extraction = _RtfExtractor(data.decode("latin-1"))
    extraction.run()
    body = _ROW_END_TABS.sub("\n", "".join(extraction.out))
    text = normalize_text(_join_surrogates(body))
    if not text:
        raise ParseError(
            f"{path.name}: RTF document has no text",
            user_message=f"Документ RTF {path.name} не содержит текста.",
        )
    title = normalize_text(_join_surrogates("".join(extraction.title))) or None
    logger.debug("RTF parsed, %d characters", len(text))
    return ParsedFile(
        text=text,
        format=FileFormat.RTF,
        encoding=extraction.main_codec(),
        title=title,
    )


class _RtfExtractor:
    """One pass over the tokens of an RTF document, collecting its text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[str] = []
        self.title: list[str] = []
        self.default_codec = "cp1252"
        self.font_codecs: dict[int, str | None] = {}
        self.default_font = 0
        self.used_codecs: Counter[str] = Counter()

    def main_codec(self) -> str:
        """The code page of most 8-bit escapes, else the document's default."""
        if self.used_codecs:
            return self.used_codecs.most_common(1)[0][0]
        return self.default_codec

    def run(self) -> None:
        """Tokenize the whole source, filling :attr:`out` and :attr:`title`."""
        stack: list[tuple[int, int, str | None]] = []
        dest, uc, codec = _BODY, 1, None  # codec None: the document default
        group_start = False
        skip = 0  # fallback characters still to skip after a \uN
        pending = bytearray()  # consecutive \'xx bytes, decoded together
        font = 0
        source, position, size = self.source, 0, len(self.source)

        while position < size:
            match = _TOKEN.match(source, position)
            if match is None:  # a backslash before nothing valid: drop it
                position += 1
                continue
            position = match.end()
            word, param, hexbyte, symbol, brace, text = match.groups()
            if hexbyte is not None:
                if skip:
                    skip -= 1
                elif dest in (_BODY, _TITLE):
                    pending.append(int(hexbyte, 16))
                group_start = False
                continue
            if pending:
                self._emit(self._decode(bytes(pending), codec), dest)
                pending.clear()

            if brace == "{":
                stack.append((dest, uc, codec))
                group_start, skip = True, 0
                continue
            if brace == "}":
                if stack:
                    dest, uc, codec = stack.pop()
                group_start, skip = False, 0
                continue

            if text is not None:
                if skip:
                    consumed = min(skip, len(text))
                    text, skip = text[consumed:], skip - consumed
                if text and dest in (_BODY, _TITLE):
                    self._emit(self._raw_text(text, codec), dest)
                group_start = False
                continue

            if symbol is not None:
                if symbol == "*" and group_start:
                    dest = _SKIP
                elif skip:
                    skip -= 1
                elif dest in (_BODY, _TITLE) and symbol in _SYMBOL_TEXT:
                    self._emit(_SYMBOL_TEXT[symbol], dest)
                group_start = False
                continue

            if word is None:
                continue  # a bare line break
            if skip and word != "u":
                skip -= 1
                group_start = False
                continue
            number = int(param) if param is not None else None

            # Destinations: decided by the first control word of a group.
            if group_start:
                group_start = False
                if word in _SKIPPED_DESTINATIONS:
                    dest = _SKIP
                elif word == "fonttbl":
                    dest = _FONTS
                elif word == "info":
                    dest = _SKIP if dest != _BODY else _INFO
                elif word == "title" and dest == _INFO:
                    dest = _TITLE
            if word == "bin" and number:
                position += number  # raw binary data, may contain brace bytes
                continue
            if dest in (_SKIP, _INFO):
                continue

            # Code pages and fonts.
            if word == "ansicpg" and number is not None:
                self.default_codec = codepage_codec(number) or self.default_codec
            elif word == "deff" and number is not None:
                self.default_font = number
            elif word == "f" and number is not None:
                if dest == _FONTS:
                    font = number
                else:
                    codec = self.font_codecs.get(number)
            elif word == "fcharset" and number is not None and dest == _FONTS:
                self.font_codecs[font] = FCHARSET_CODEPAGES.get(number)
            elif word == "cpg" and number is not None and dest == _FONTS:
                self.font_codecs[font] = codepage_codec(number)
            elif word == "plain":
                codec = self.font_codecs.get(self.default_font)
            elif word == "uc" and number is not None:
                uc = max(number, 0)
            elif word == "u" and number is not None:
                self._emit(chr(number % 0x10000), dest)
                skip = uc
            elif dest == _BODY and word in _CONTROL_TEXT:
                self._emit(_CONTROL_TEXT[word], dest)
        if pending:
            self._emit(self._decode(bytes(pending), codec), dest)

    def _emit(self, text: str, dest: int) -> None:
        """Send decoded text to the body or the title."""
        if dest == _BODY:
            self.out.append(text)
        elif dest == _TITLE:
            self.title.append(text)

    def _decode(self, data: bytes, codec: str | None) -> str:
        """Decode 8-bit escapes with the current font's code page or the default."""
        name = codec or self.default_codec
        self.used_codecs[name] += len(data)
        return data.decode(name, errors="replace")

    def _raw_text(self, text: str, codec: str | None) -> str:
        """Plain text is ASCII in valid RTF; stray 8-bit bytes use the code page."""
        if text.isascii():
            return text
        return self._decode(text.encode("latin-1"), codec)


# A UTF-16 surrogate pair written as two \uN escapes, e.g. "\u-10179\u-8704".
_SURROGATE_PAIR = re.compile(r"[\ud800-\udbff][\udc00-\udfff]")


def _join_surrogates(text: str) -> str:
    """Combine surrogate pairs from consecutive ``\\uN`` escapes into characters."""
    return _SURROGATE_PAIR.sub(
        lambda pair: (
            pair.group(0).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        ),
        text,
    )
