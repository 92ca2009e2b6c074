"""Page text rebuilt from glyph positions: fake bold merged, glued words split, columns.

pdfium's own text order is the content-stream order, which is the reading order for
nearly every court file. Two things need the glyphs' positions instead:

* pages that failed the quality gate and are re-read with pdfminer (through
  pdfplumber's ``chars``), where nothing merges over-printed fake bold (each glyph
  drawn twice a fraction of a point apart, read as "ИИссттеецц") and nothing
  splits words set apart by kerning alone, with no space glyph between them;
* two-column pages whose producer drew both columns line by line, which every
  extractor reads as interleaved lines: the gutter between the columns is found
  from the boxes of the text runs, and each column is read top to bottom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Two copies of a glyph closer than this share of the font size are one glyph drawn
# twice (fake bold); producers offset the copy by 0.2-0.5 pt at 10-12 pt.
OVERPRINT_TOLERANCE = 0.1
# A horizontal gap wider than this share of the font size between two glyphs of a
# line is a word break even without a space glyph; DejaVu's space is 0.32 em and
# letter spacing in justified text stays under 0.05 em.
WORD_GAP = 0.15
# A gap wider than this share of the font size inside a line splits it into two
# runs that may belong to different columns.
RUN_GAP = 1.5
# The gutter must be at least this wide, in points, and lie in the middle of the
# page (between these shares of its width).
MIN_GUTTER_WIDTH = 12.0
GUTTER_ZONE = (0.25, 0.75)
# At least this many lines must have text on both sides of the gutter.
MIN_TWO_SIDED_LINES = 3


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in PDF points, y growing downwards (top < bottom)."""

    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Glyph:
    """One placed glyph: its text and box, and the font size it was drawn at."""

    text: str
    box: Box
    size: float


def glyphs_from_plumber(chars: Iterable[Mapping[str, Any]]) -> list[Glyph]:
    """Convert pdfplumber's ``page.chars`` dictionaries to glyphs, upright text only.

    Args:
        chars: pdfplumber character dictionaries, in content-stream order.
    """
    glyphs = []
    for char in chars:
        if not char.get("upright", True):
            continue
        box = Box(
            float(char["x0"]),
            float(char["x1"]),
            float(char["top"]),
            float(char["bottom"]),
        )
        glyphs.append(Glyph(str(char["text"]), box, float(char.get("size") or 10.0)))
    return glyphs


def merge_overprinted(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Drop every glyph that repeats an earlier one at (almost) the same position.

    Fake bold draws each glyph twice a fraction of a point apart; the duplicate may
    follow its original at once or come a whole line later, so positions are
    bucketed in a grid rather than compared with the previous glyph only.

    Args:
        glyphs: the page's glyphs in content-stream order.

    Returns:
        The glyphs without the duplicates, in the same order.
    """
    kept: list[Glyph] = []
    seen: dict[tuple[str, int, int], list[Glyph]] = {}
    for glyph in glyphs:
        if glyph.text.isspace():
            kept.append(glyph)
            continue
        tolerance = max(0.5, OVERPRINT_TOLERANCE * glyph.size)
        col = int(glyph.box.x0 // tolerance)
        row = int(glyph.box.top // tolerance)
        if any(
            _is_same_place(glyph, other, tolerance)
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((glyph.text, col + dx, row + dy), ())
        ):
            continue
        seen.setdefault((glyph.text, col, row), []).append(glyph)
        kept.append(glyph)
    return kept


def _is_same_place(glyph: Glyph, other: Glyph, tolerance: float) -> bool:
    """Whether two glyphs with the same text overlap within the tolerance."""
    return (
        abs(glyph.box.x0 - other.box.x0) <= tolerance
        and abs(glyph.box.top - other.box.top) <= tolerance
    )


@dataclass(frozen=True)
class _Run:
    """A stretch of one line without a wide gap: its text and box."""

    text: str
    box: Box


def glyphs_to_text(glyphs: Sequence[Glyph]) -> str:
    """Rebuild a page's text from its glyphs: lines, word breaks and columns.

    Args:
        glyphs: the page's glyphs (already merged with :func:`merge_overprinted`).

    Returns:
        The text, one line per line of the page, each column read whole before the
        next when the page has two columns.
    """
    lines = _group_lines(glyphs)
    runs_by_line = [_split_runs(line) for line in lines]
    gutter = find_gutter([[run.box for run in runs] for runs in runs_by_line])
    if gutter is None:
        return "\n".join(" ".join(run.text for run in runs) for runs in runs_by_line)

    # Read each stretch of two-column lines left column first; a line crossing the
    # gutter (a title, a full-width paragraph) closes the stretch.
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for runs in runs_by_line:
        if any(run.box.x0 < gutter < run.box.x1 for run in runs):
            out += left + right
            left, right = [], []
            out.append(" ".join(run.text for run in runs))
            continue
        left_text = " ".join(run.text for run in runs if run.box.x1 <= gutter)
        right_text = " ".join(run.text for run in runs if run.box.x0 >= gutter)
        left += [left_text] if left_text else []
        right += [right_text] if right_text else []
    out += left + right
    return "\n".join(out)


def _group_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into lines by their vertical centre, top to bottom, left to right."""
    ordered = sorted(glyphs, key=lambda g: (g.box.top + g.box.bottom) / 2)
    lines: list[list[Glyph]] = []
    centre = 0.0
    for glyph in ordered:
        middle = (glyph.box.top + glyph.box.bottom) / 2
        if lines and abs(middle - centre) <= 0.4 * glyph.size:
            lines[-1].append(glyph)
            continue
        lines.append([glyph])
        centre = middle
    return [sorted(line, key=lambda g: g.box.x0) for line in lines]


def _split_runs(line: Sequence[Glyph]) -> list[_Run]:
    """Cut a line into runs at wide gaps, inserting spaces at word-sized gaps."""
    runs: list[_Run] = []
    parts: list[str] = []
    start = previous = line[0]
    for glyph in line:
        gap = glyph.box.x0 - previous.box.x1
        if glyph is not start and gap > RUN_GAP * glyph.size:
            runs.append(_make_run(parts, start, previous))
            parts, start = [], glyph
        elif (
            glyph is not start
            and gap > WORD_GAP * glyph.size
            and parts[-1] != " "
            and not glyph.text.isspace()
        ):
            parts.append(" ")
        parts.append(" " if glyph.text.isspace() else glyph.text)
        previous = glyph
    runs.append(_make_run(parts, start, previous))
    return runs


def _make_run(parts: list[str], first: Glyph, last: Glyph) -> _Run:
    """Build a run from its text parts and its first and last glyphs."""
    text = " ".join("".join(parts).split())
    box = Box(first.box.x0, last.box.x1, first.box.top, first.box.bottom)
    return _Run(text, box)


def find_gutter(
    lines: Sequence[Sequence[Box]], *, page_width: float | None = None
) -> float | None:
    """Find the x of the gap between two columns of text, if the page has two columns.

    Args:
        lines: for each line of the page, the boxes of its runs of text.
        page_width: the page width; the widest run's right edge when not given.

    Returns:
        The x coordinate of the middle of the gutter, or None for a one-column page.
    """
    boxes = [box for line in lines for box in line]
    if len(boxes) < 2 * MIN_TWO_SIDED_LINES:
        return None
    width = page_width or max(box.x1 for box in boxes)
    low, high = GUTTER_ZONE[0] * width, GUTTER_ZONE[1] * width

    # A gutter starts at the right edge of some run and ends at the next left edge
    # to its right; a few full-width lines (titles) may cross it, so the candidate
    # crossed by the fewest runs wins, then the widest.
    spanning_limit = max(1, len(boxes) // 10)
    best: tuple[int, float, float, float] | None = None
    for x in sorted({box.x1 for box in boxes if low <= box.x1 <= high}):
        gutter_end = min((box.x0 for box in boxes if box.x0 >= x), default=None)
        if gutter_end is None or gutter_end > high or gutter_end - x < MIN_GUTTER_WIDTH:
            continue
        middle = (x + gutter_end) / 2
        crossing = sum(1 for box in boxes if box.x0 < middle < box.x1)
        if crossing > spanning_limit:
            continue
        key = (crossing, -(gutter_end - x), x, gutter_end)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    middle = (best[2] + best[3]) / 2
    two_sided = sum(
        1
        for line in lines
        if any(box.x1 <= middle for box in line)
        and any(box.x0 >= middle for box in line)
    )
    return middle if two_sided >= MIN_TWO_SIDED_LINES else None


def group_boxes_into_lines(boxes: Iterable[Box]) -> list[list[Box]]:
    """Group run boxes into lines: boxes whose vertical middles are close, top first."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        if lines:
            last = lines[-1][0]
            if abs(middle - (last.top + last.bottom) / 2) <= 0.4 * (
                last.bottom - last.top
            ):
                lines[-1].append(box)
                continue
        lines.append([box])
    return lines
