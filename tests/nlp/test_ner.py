"""Tests for nlp.ner: the natasha/slovnet NER with legal-text corrections."""

from __future__ import annotations

import pytest

from nlp.entities import EntityLabel, make_entity
from nlp.ner import tag_entities


def _found(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(e.label.value, e.text) for e in tag_entities(text, **kwargs)]  # type: ignore[arg-type]


def test_tag_entities_finds_persons_with_initials_and_full_names() -> None:
    text = (
        "в составе председательствующего судьи Ерохиной Т.Н., при секретаре "
        "Бочаровой Д.А., рассмотрев дело по иску Белоусовой Валерии Олеговны"
    )
    assert _found(text) == [
        ("PER", "Ерохиной Т.Н."),
        ("PER", "Бочаровой Д.А."),
        ("PER", "Белоусовой Валерии Олеговны"),
    ]


def test_tag_entities_drops_spans_over_blocked_entities() -> None:
    text = "Тимирязевский районный суд г. Москвы рассмотрел дело"
    court = make_entity(EntityLabel.COURT, text, 0, 36)
    assert _found(text, blocked=[court]) == []


@pytest.mark.parametrize(
    "text",
    [
        "ФИО1 обратился в суд с иском к ФИО2.",
        "УСТАНОВИЛ:\nистец обратился в суд.",
        "This is an English letter from John Brown in London.",
        "",
        "   \n\n",
    ],
    ids=["masks", "section-word", "english", "empty", "blank"],
)
def test_tag_entities_finds_no_names(text: str) -> None:
    assert _found(text) == []


def test_tag_entities_joins_a_name_wrapped_across_lines() -> None:
    text = (
        "гражданское дело по иску общества к Ивнякову Виктору\nВикторовичу о взыскании"
    )
    assert ("PER", "Ивнякову Виктору\nВикторовичу") in _found(text)


def test_tag_entities_takes_the_surname_the_model_left_out() -> None:
    text = "по иску акционерного общества к Сеченову Андрею Николаевичу о взыскании"
    persons = [t for label, t in _found(text) if label == "PER"]
    assert persons == ["Сеченову Андрею Николаевичу"]
