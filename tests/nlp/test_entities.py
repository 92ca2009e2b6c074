"""Tests for nlp.entities."""

from __future__ import annotations

import dataclasses

import pytest

from nlp.entities import Entity, EntityLabel, drop_overlaps, make_entity


def test_make_entity_slices_text_and_freezes_extra() -> None:
    entity = make_entity(
        EntityLabel.CASE_NUMBER, "дело 2-1/2021", 5, 13, "2-1/2021", kind="general"
    )
    assert (entity.text, entity.value, dict(entity.extra)) == (
        "2-1/2021",
        "2-1/2021",
        {"kind": "general"},
    )
    with pytest.raises(TypeError):
        entity.extra["kind"] = "appeal"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.start = 0  # type: ignore[misc]


def test_entity_rejects_inverted_span() -> None:
    with pytest.raises(ValueError, match="bad entity span"):
        Entity(EntityLabel.DATE, 5, 4, "")


def test_entities_compare_and_hash_by_value() -> None:
    a = make_entity(EntityLabel.DATE, "17.08.2021", 0, 10, "2021-08-17")
    b = make_entity(EntityLabel.DATE, "17.08.2021", 0, 10, "2021-08-17")
    assert a == b
    assert len({a, b}) == 1


def test_drop_overlaps_keeps_longest_then_earliest() -> None:
    text = "abcdefghij"
    spans = [(0, 3), (2, 8), (7, 10), (8, 10), (0, 2)]
    entities = [make_entity(EntityLabel.MONEY, text, s, e) for s, e in spans]
    assert [(e.start, e.end) for e in drop_overlaps(entities)] == [
        (0, 2),
        (2, 8),
        (8, 10),
    ]
