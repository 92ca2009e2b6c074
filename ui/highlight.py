"""Document text as safe HTML: search snippets, and facts highlighted by type.

The API sends plain text and half-open ``start``/``end`` spans of the facts it
found; here they become ``<mark>`` elements coloured by type, with everything else
escaped, so that no document can inject markup into the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ui.models import Entity

# Characters of document text per page in the document view: a long decision
# (50–100 pages of PDF) would otherwise be one very slow element.
TEXT_PAGE_CHARS = 20_000

# The only tags an API snippet may carry: <mark> and </mark> around a match,
# e.g. «взыскать с <mark>должника</mark> задолженность».
MARK_TAG_RE = re.compile(r"</?mark>")


@dataclass(frozen=True)
class FactStyle:
    """How one type of fact is shown: its Russian name and colour."""

    name: str
    css_class: str
    color: str


# Entity labels (nlp.entities.EntityLabel values, as the API sends them) → style.
# Parties are persons and organizations; colours are light enough for black text.
FACT_STYLES: dict[str, FactStyle] = {
    "CASE_NUMBER": FactStyle("номер дела", "fact-case", "#ffd54f"),
    "COURT": FactStyle("суд", "fact-court", "#90caf9"),
    "MAGISTRATE_SECTION": FactStyle("суд", "fact-court", "#90caf9"),
    "JUDGE": FactStyle("судья", "fact-judge", "#ce93d8"),
    "MONEY": FactStyle("сумма", "fact-money", "#a5d6a7"),
    "DATE": FactStyle("дата", "fact-date", "#ffcc80"),
    "PER": FactStyle("сторона", "fact-party", "#f48fb1"),
    "ORG": FactStyle("сторона", "fact-party", "#f48fb1"),
    "LAW_REF": FactStyle("норма", "fact-law", "#80deea"),
}

# The stylesheet of highlighted facts, once per page.
FACT_CSS = "".join(
    f".{style.css_class}{{background:{style.color};padding:0 2px;border-radius:3px}}"
    for style in {style.css_class: style for style in FACT_STYLES.values()}.values()
)


def render_snippet(snippet: str) -> str:
    """Return a snippet as safe HTML: text escaped, only ``<mark>`` tags kept.

    The API already escapes everything but the marks; the text is unescaped and
    escaped again so that a wrong snippet still cannot inject markup.
    """
    parts = MARK_TAG_RE.split(snippet)
    tags = MARK_TAG_RE.findall(snippet)
    safe = [html.escape(html.unescape(part), quote=False) for part in parts]
    pieces = [safe[0]]
    for tag, text in zip(tags, safe[1:], strict=True):
        pieces.extend([tag, text])
    return "".join(pieces)


def split_text_pages(text: str, *, page_chars: int = TEXT_PAGE_CHARS) -> list[str]:
    """Split a document text into pages of about ``page_chars`` characters.

    Pages end at a paragraph break (or, failing that, a line break or a space)
    so that no word is cut; a text shorter than a page is one page.
    """
    pages: list[str] = []
    start = 0
    while len(text) - start > page_chars:
        window_end = start + page_chars
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = text.rfind(separator, start + page_chars // 2, window_end)
            if cut != -1:
                cut += len(separator)
                break
        end = cut if cut != -1 else window_end
        pages.append(text[start:end])
        start = end
    pages.append(text[start:])
    return pages


def highlight_facts(text: str, entities: Sequence[Entity], *, offset: int = 0) -> str:
    """Return ``text`` as HTML with the facts of :data:`FACT_STYLES` marked.

    Args:
        text: a page of the document text.
        entities: the document's entities; spans are offsets into the whole text.
        offset: where ``text`` starts in the whole text.

    Overlapping spans keep the one that starts first (the longer one on a tie),
    e.g. a court inside a party's name is not marked twice. Each mark carries its
    type and normalized value in ``title`` (a tooltip) and ``data-value``.
    """
    end_of_page = offset + len(text)
    chosen: list[Entity] = []
    covered_to = offset
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if entity.label not in FACT_STYLES:
            continue
        if entity.start < covered_to or entity.end > end_of_page:
            continue
        chosen.append(entity)
        covered_to = entity.end

    pieces: list[str] = []
    position = offset
    for entity in chosen:
        style = FACT_STYLES[entity.label]
        pieces.append(html.escape(text[position - offset : entity.start - offset]))
        span = html.escape(text[entity.start - offset : entity.end - offset])
        value = html.escape(entity.value or entity.text)
        tip = html.escape(style.name)
        pieces.append(
            f"<mark class='{style.css_class}' title='{tip}: {value}' "
            f"data-value='{value}'>{span}</mark>"
        )
        position = entity.end
    pieces.append(html.escape(text[position - offset :]))
    return "".join(pieces)


def legend_html() -> str:
    """Return the colour legend of the highlighted fact types."""
    seen: dict[str, FactStyle] = {}
    for style in FACT_STYLES.values():
        seen.setdefault(style.name, style)
    items = " ".join(
        f"<mark class='{style.css_class}'>{html.escape(name)}</mark>"
        for name, style in seen.items()
    )
    return f"<style>{FACT_CSS}</style><div>{items}</div>"
