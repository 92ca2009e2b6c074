"""Tests for nlp.acts: the act registry and human citations."""

from __future__ import annotations

import pytest

from nlp.acts import ACTS, human_citation

HUMAN_CASES = [
    ("gk_rf:544", "ст. 544 ГК РФ"),
    ("gk_rf:540.1", "п. 1 ст. 540 ГК РФ"),
    ("zhk_rf:155.14", "ч. 14 ст. 155 ЖК РФ"),
    ("zhk_rf:153.2.5", "п. 5 ч. 2 ст. 153 ЖК РФ"),
    ("zhk_rf:157.1", "ст. 157.1 ЖК РФ"),
    ("zhk_rf:157.1.3", "ч. 3 ст. 157.1 ЖК РФ"),
    ("nk_rf:333.19", "ст. 333.19 НК РФ"),
    ("nk_rf:333.19.1.3", "подп. 3 п. 1 ст. 333.19 НК РФ"),
    ("apk_rf:229.2", "ст. 229.2 АПК РФ"),
    ("apk_rf:4.5", "ч. 5 ст. 4 АПК РФ"),
    ("gpk_rf:155.1", "ст. 155.1 ГПК РФ"),
    ("gpk_rf:155", "ст. 155 ГПК РФ"),
    ("koap_rf:7.19", "ст. 7.19 КоАП РФ"),
    ("koap_rf:7.19.1", "ч. 1 ст. 7.19 КоАП РФ"),
    ("pp_354:119", "п. 119 ПП РФ № 354"),
    ("pp_354:119.а", "пп. «а» п. 119 ПП РФ № 354"),
    ("fz_229:30", "ст. 30 229-ФЗ"),
    ("gk_rf", "ГК РФ"),
]


@pytest.mark.parametrize(
    ("key", "expected"), HUMAN_CASES, ids=[c[0] for c in HUMAN_CASES]
)
def test_human_citation_renders_key(key: str, expected: str) -> None:
    assert human_citation(key) == expected


def test_human_citation_rejects_unknown_act() -> None:
    with pytest.raises(KeyError):
        human_citation("uk_rf:158")


@pytest.mark.parametrize(
    ("code", "number", "dotted"),
    [
        ("nk_rf", "333.19", True),
        ("nk_rf", "333.46", False),
        ("zhk_rf", "155.14", False),
        ("zhk_rf", "157.2", True),
        ("gpk_rf", "155.1", True),
        ("koap_rf", "7.19", True),
        ("gk_rf", "544", False),
    ],
)
def test_act_is_dotted_article_uses_table(code: str, number: str, dotted: bool) -> None:
    assert ACTS[code].is_dotted_article(number) is dotted
