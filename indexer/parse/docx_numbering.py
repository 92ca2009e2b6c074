"""Automatic list numbers of a DOCX document, rendered as Word shows them.

A clause number such as «3.2.1.» that Word generates from ``numbering.xml`` is not
in the paragraph's text, so python-docx's ``Paragraph.text`` loses it — and with it
the clause a lawyer cites. This module replays Word's counters in document order
(ECMA-376 part 1, §17.9):

* a paragraph is numbered by its own ``w:numPr`` or by its style's (styles inherit
  through ``w:basedOn``); ``w:numId`` 0 switches numbering off;
* counters belong to the abstract numbering definition, so two list instances that
  share one continue each other, unless an instance overrides a level's start
  (``w:lvlOverride/w:startOverride``), which restarts it on first use, or
  replaces a level's definition (``w:lvlOverride/w:lvl``);
* a level restarts after any shallower level advances;
* ``w:lvlText`` such as ``"%1.%2."`` is filled with each level's counter in that
  level's format (``decimal``, ``russianLower`` «а)», ``upperRoman``…), or in
  decimal for a legal-style level (``w:isLgl``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_NUM = f"{{{W}}}num"
_ABSTRACT = f"{{{W}}}abstractNum"
_ABSTRACT_ID = f"{{{W}}}abstractNumId"
_LVL = f"{{{W}}}lvl"
_OVERRIDE = f"{{{W}}}lvlOverride"
_START_OVERRIDE = f"{{{W}}}startOverride"
_ILVL_ATTR = f"{{{W}}}ilvl"
_VAL = f"{{{W}}}val"
_PPR = f"{{{W}}}pPr"
_NUMPR = f"{{{W}}}numPr"
_NUMID = f"{{{W}}}numId"
_ILVL = f"{{{W}}}ilvl"
_PSTYLE = f"{{{W}}}pStyle"
_STYLE = f"{{{W}}}style"
_STYLE_ID = f"{{{W}}}styleId"
_BASED_ON = f"{{{W}}}basedOn"

# A level placeholder in w:lvlText, e.g. "%2" in "%1.%2."; group 1 is the level.
_PLACEHOLDER = re.compile(r"%([1-9])")

# Letters Word uses for the russianLower format (ECMA-376 §17.18.59): the
# alphabet without ё, й, ъ, ы, ь, as in «а) б) в)».
_RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"

# Roman numeral values, largest first.
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip

# Shown for a bullet whose symbol is a private-use glyph of Symbol or Wingdings.
BULLET = "•"


@dataclass(frozen=True)
class Level:
    """One level of an abstract numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    is_legal: bool = False


@dataclass
class _Instance:
    """A list instance (``w:num``): its abstract definition and start overrides."""

    abstract_id: str
    overrides: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl
    used: bool = False


class Numbering:
    """The counters of one document; call :meth:`label` for paragraphs in order."""

    def __init__(
        self, numbering_root: Any | None, styles: Callable[[], Any | None]
    ) -> None:
        """Read the list definitions.

        Args:
            numbering_root: the parsed numbering part, or None when there is none.
            styles: returns the parsed styles part (or None); called only once a
                paragraph whose numbering may come from its style is met, because
                a styles part can weigh hundreds of kilobytes.
        """
        self._levels: dict[str, dict[int, Level]] = {}
        self._instances: dict[str, _Instance] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self._style_level: dict[tuple[str, str], int] = {}
        self._styles: Callable[[], Any | None] | None = styles
        if numbering_root is not None:
            self._load_numbering(numbering_root)

    @property
    def is_empty(self) -> bool:
        """Whether the document defines no lists at all."""
        return not self._instances

    def label(self, paragraph: Any) -> str:
        """Advance the counters for ``paragraph`` and return its number, or "".

        Args:
            paragraph: a ``w:p`` element, visited in document order.

        Returns:
            The rendered label, e.g. "3.2.1." or "а)" or "•"; "" when the
            paragraph is not numbered.
        """
        if not self._instances:
            return ""
        num_id, ilvl = self._numpr(paragraph)
        if num_id is None or num_id == "0":
            return ""
        instance = self._instances.get(num_id)
        if instance is None:
            return ""
        levels = self._levels.get(instance.abstract_id, {})
        if instance.levels:
            levels = {**levels, **instance.levels}
        counters = self._counters.setdefault(instance.abstract_id, [None] * 9)
        if not instance.used:
            instance.used = True
            for level_no in instance.overrides:
                counters[level_no] = None
        ilvl = min(max(ilvl, 0), 8)
        level = levels.get(ilvl, Level())
        current = counters[ilvl]
        counters[ilvl] = (
            current + 1 if current is not None else self._start(instance, levels, ilvl)
        )
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.fmt == "none":
            return _PLACEHOLDER.sub("", level.text).strip()
        if level.fmt == "bullet":
            return _bullet(level.text)

        def fill(match: re.Match[str]) -> str:
            shown = int(match.group(1)) - 1
            value = counters[shown]
            if value is None:
                value = self._start(instance, levels, shown)
            fmt = "decimal" if level.is_legal else levels.get(shown, Level()).fmt
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(fill, level.text).strip()

    def _start(self, instance: _Instance, levels: dict[int, Level], ilvl: int) -> int:
        """The first value of a level, honouring the instance's override."""
        if ilvl in instance.overrides:
            return instance.overrides[ilvl]
        return levels.get(ilvl, Level()).start

    def _numpr(self, paragraph: Any) -> tuple[str | None, int]:
        """The list instance and level of a paragraph, from itself or its style."""
        ppr = paragraph.find(_PPR)
        if ppr is None:
            return None, 0
        own_id: str | None = None
        own_level: int | None = None
        numpr = ppr.find(_NUMPR)
        if numpr is not None:
            own_id = _val(numpr.find(_NUMID))
            own_level = _int(_val(numpr.find(_ILVL)))
        style = _val(ppr.find(_PSTYLE))
        if own_id is None and style is not None:
            if self._styles is not None:
                styles_root, self._styles = self._styles(), None
                if styles_root is not None:
                    self._load_styles(styles_root)
            own_id, style_level = self._style_numpr.get(style, (None, None))
            if own_level is None:
                own_level = style_level
            if own_level is None and own_id in self._instances:
                abstract = self._instances[own_id].abstract_id
                own_level = self._style_level.get((abstract, style))
        return own_id, own_level or 0

    def _load_numbering(self, root: Any) -> None:
        """Read abstract definitions and list instances from numbering.xml."""
        for abstract in root.iter(_ABSTRACT):
            abstract_id = abstract.get(_ABSTRACT_ID)
            if abstract_id is None:
                continue
            levels: dict[int, Level] = {}
            for lvl in abstract.iter(_LVL):
                ilvl = _int(lvl.get(_ILVL_ATTR)) or 0
                levels[ilvl] = _level(lvl)
                style = _val(lvl.find(_PSTYLE))
                if style is not None:
                    self._style_level[(abstract_id, style)] = ilvl
            self._levels[abstract_id] = levels
        for num in root.iter(_NUM):
            num_id = num.get(f"{{{W}}}numId")
            abstract_id = _val(num.find(_ABSTRACT_ID))
            if num_id is None or abstract_id is None:
                continue
            instance = _Instance(abstract_id)
            for override in num.iter(_OVERRIDE):
                ilvl = _int(override.get(_ILVL_ATTR)) or 0
                start = _int(_val(override.find(_START_OVERRIDE)))
                if start is not None:
                    instance.overrides[ilvl] = start
                lvl = override.find(_LVL)
                if lvl is not None:
                    instance.levels[ilvl] = _level(lvl)
            self._instances[num_id] = instance

    def _load_styles(self, root: Any) -> None:
        """Record the numbering each paragraph style carries, through w:basedOn."""
        own: dict[str, tuple[str | None, int | None]] = {}
        parents: dict[str, str] = {}
        for style in root.iter(_STYLE):
            style_id = style.get(_STYLE_ID)
            if style_id is None:
                continue
            parent = _val(style.find(_BASED_ON))
            if parent is not None:
                parents[style_id] = parent
            numpr = style.find(f"{_PPR}/{_NUMPR}")
            if numpr is not None:
                own[style_id] = (
                    _val(numpr.find(_NUMID)),
                    _int(_val(numpr.find(_ILVL))),
                )
        for style_id in set(own) | set(parents):
            current: str | None = style_id
            seen: set[str] = set()
            while current is not None and current not in seen:
                seen.add(current)
                if current in own:
                    self._style_numpr[style_id] = own[current]
                    break
                current = parents.get(current)


def format_number(value: int, fmt: str) -> str:
    """Render a counter value in a ``w:numFmt`` format (decimal when unknown).

    Args:
        value: the counter, 0 or more.
        fmt: the format name, e.g. "decimal", "lowerLetter", "russianLower".

    Returns:
        The number as Word shows it, e.g. "3", "c", "в", "IV", "03".
    """
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(value, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("russianLower", "russianUpper"):
        text = _letters(value, _RUSSIAN_LETTERS)
        return text.upper() if fmt == "russianUpper" else text
    if fmt in ("lowerRoman", "upperRoman") and value > 0:
        text = _roman(value)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero" and value < 10:
        return f"0{value}"
    return str(value)


def _letters(value: int, alphabet: str) -> str:
    """Word's letter numbering: a…z, then aa…zz, bbb… (the letter repeated)."""
    if value <= 0:
        return str(value)
    count = len(alphabet)
    return alphabet[(value - 1) % count] * ((value - 1) // count + 1)


def _roman(value: int) -> str:
    """Lowercase Roman numeral of a positive integer."""
    parts = []
    for amount, numeral in _ROMAN:
        times, value = divmod(value, amount)
        parts.append(numeral * times)
    return "".join(parts)


def _bullet(text: str) -> str:
    """The bullet to show: the level's own character unless it is a glyph code."""
    if len(text) == 1 and text.isprintable() and not 0xE000 <= ord(text) <= 0xF8FF:
        return text
    return BULLET


def _level(lvl: Any) -> Level:
    """Read one ``w:lvl``."""
    start = _int(_val(lvl.find(f"{{{W}}}start")))
    fmt = _val(lvl.find(f"{{{W}}}numFmt")) or "decimal"
    text = _val(lvl.find(f"{{{W}}}lvlText"))
    legal = lvl.find(f"{{{W}}}isLgl")
    return Level(
        start=start if start is not None else 1,
        fmt=fmt,
        text=text if text is not None else "",
        is_legal=legal is not None and _val(legal) not in ("0", "false"),
    )


def _val(element: Any | None) -> str | None:
    """The ``w:val`` attribute of an element, if both exist."""
    if element is None:
        return None
    value = element.get(_VAL)
    return value if isinstance(value, str) else None


def _int(text: str | None) -> int | None:
    """An integer attribute value, None when missing or malformed."""
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None
