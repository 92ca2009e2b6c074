"""ui.highlight: facts marked by type in safe HTML."""

from __future__ import annotations

import pytest

from ui.highlight import highlight_facts, legend_html
from ui.models import Entity

TEXT = "Суд <взыскал> 5 000 руб. с ООО «Свет & Тепло» по ст. 544 ГК РФ."


def _entity(label: str, fragment: str, value: str = "") -> Entity:
    start = TEXT.index(fragment)
    return Entity(label, start, start + len(fragment), fragment, value)


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        pytest.param(
            [],
            "Суд &lt;взыскал&gt; 5 000 руб. с ООО «Свет &amp; Тепло» по ст. 544 ГК РФ.",
            id="no-facts-escaped",
        ),
        pytest.param(
            [_entity("MONEY", "5 000 руб.", "5000.00")],
            "Суд &lt;взыскал&gt; <mark class='fact-money' title='сумма: 5000.00' "
            "data-value='5000.00'>5 000 руб.</mark> с ООО «Свет &amp; Тепло» по ст. "
            "544 ГК РФ.",
            id="money",
        ),
        pytest.param(
            [
                _entity("ORG", "ООО «Свет & Тепло»"),
                _entity("LOC", "Свет"),
                _entity("COURT", "Тепло"),
            ],
            "Суд &lt;взыскал&gt; 5 000 руб. с <mark class='fact-party' "
            "title='сторона: ООО «Свет &amp; Тепло»' data-value='ООО «Свет &amp; "
            "Тепло»'>ООО «Свет &amp; Тепло»</mark> по ст. 544 ГК РФ.",
            id="overlap-keeps-first-unknown-label-skipped",
        ),
    ],
)
def test_highlight_facts_marks_spans_by_type(
    entities: list[Entity], expected: str
) -> None:
    assert highlight_facts(TEXT, entities) == expected


def test_highlight_facts_uses_offsets_of_the_whole_text() -> None:
    law = _entity("LAW_REF", "ст. 544 ГК РФ", "gk_rf:544")
    page_start = TEXT.index("по ст.")

    html = highlight_facts(TEXT[page_start:], [law], offset=page_start)

    assert html == (
        "по <mark class='fact-law' title='норма: gk_rf:544' data-value='gk_rf:544'>"
        "ст. 544 ГК РФ</mark>."
    )


def test_highlight_facts_skips_a_span_crossing_the_page_end() -> None:
    law = _entity("LAW_REF", "ст. 544 ГК РФ", "gk_rf:544")

    assert "<mark" not in highlight_facts(TEXT[: law.start + 3], [law])


def test_legend_names_each_fact_type_once() -> None:
    legend = legend_html()

    names = ["номер дела", "суд", "судья", "сумма", "дата", "сторона", "норма"]
    assert [legend.count(f">{name}</mark>") for name in names] == [1] * 7
