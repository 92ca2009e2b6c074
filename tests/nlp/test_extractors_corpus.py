"""The rule extractors on the real court acts and statutes of shared/corpus/real.

Each row names a file, an extractor and values that must (or must not) be found in
the parsed text: the misses and false positives found by reading the extractor
output over the corpus by eye.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from indexer.parse import parse_file
from nlp.case_numbers import extract_case_numbers
from nlp.dates import extract_dates
from nlp.entities import Entity
from nlp.identifiers import extract_identifiers
from nlp.law_refs import citation_keys, extract_law_refs
from nlp.money import extract_money
from nlp.placeholders import extract_placeholders

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")

# The statute each statute file is, for «настоящего Кодекса».
STATUTE_ACTS = {"r01": "gk_rf", "r02": "zhk_rf", "r03": "gpk_rf", "r04": "zhk_rsfsr"}


@cache
def _text(prefix: str) -> str:
    [path] = CORPUS.glob(f"{prefix}_*")
    return parse_file(path).text


def _law_refs(text: str, prefix: str) -> list[Entity]:
    return extract_law_refs(text, default_act=STATUTE_ACTS.get(prefix))


def _values(prefix: str, extractor: str) -> set[str]:
    text = _text(prefix)
    if extractor == "law":
        return {key for e in _law_refs(text, prefix) for key in citation_keys(e)}
    functions: dict[str, Callable[[str], list[Entity]]] = {
        "case": extract_case_numbers,
        "money": extract_money,
        "date": extract_dates,
        "id": extract_identifiers,
        "placeholder": extract_placeholders,
    }
    return {e.value for e in functions[extractor](text)}


# (file prefix, extractor, values that must be found)
FOUND = [
    ("r05", "case", {"2-1016/2021"}),
    ("r05", "money", {"20340.32", "18358.68", "1031.62", "44390.30", "75000.00"}),
    ("r05", "date", {"2021-08-17", "2020-03-31", "2021-10-07"}),
    # «п.п.1, 2 ст.153», «п.5 ч.2 ст.153», «статьи 100 ГПК Российской Федерации».
    ("r05", "law", {"zhk_rf:153.1", "zhk_rf:153.2", "zhk_rf:153.2.5", "gpk_rf:100"}),
    ("r05", "law", {"gk_rf:252.4", "zhk_rf:155.11", "gpk_rf:198"}),
    ("r06", "case", {"33-32495/2022", "2-214/2022", "77RS0032-02-2020-001987-37"}),
    ("r07", "case", {"77RS0015-01-2019-002396-36"}),
    ("r07", "placeholder", {"date", "amount"}),
    ("r07", "law", {"gk_rf:123.13.1", "gk_rf:1102", "gk_rf:395"}),
    ("r08", "case", {"2-1728/2019"}),
    ("r08", "money", {"7000800.42", "5038303.78", "9321440.00", "49204.00"}),
    # «статьях 3 и 4 указанного Федерального закона» after 229-ФЗ was named.
    ("r08", "law", {"gk_rf:810.1", "fz_229:3", "fz_229:4"}),
    ("r09", "case", {"2-224/2021"}),
    ("r09", "law", {"gk_rf:363.1", "gk_rf:363.2"}),
    ("r10", "case", {"2-304/2021"}),
    ("r10", "placeholder", {"masked"}),
    ("r10", "law", {"gk_rf:395.1", "gk_rf:395.3", "gk_rf:206.2", "gpk_rf:61.2"}),
    ("r11", "case", {"2-155/2022", "2-1117/2014", "2-2599/2012"}),
    ("r12", "case", {"2-6767/2021"}),
    ("r12", "law", {"zpp:28.5", "gpk_rf:237"}),
    ("r13", "case", {"88-14715/2026", "77RS0020-02-2025-007285-88", "2-5462/2025"}),
    ("r13", "placeholder", {"person", "address", "date"}),
    ("r13", "date", {""}),  # «ДД.ММ.ГГГГ» is a depersonalized date
    ("r13", "law", {"koap_rf:12.26.1", "gpk_rf:379.6", "gpk_rf:390.1", "gk_rf:1064"}),
    ("r19", "id", {"1085074010812", "5074043826"}),
    ("r19", "law", {"zhk_rf:162"}),
    ("r01", "law", {"gk_rf:539", "gk_rf:547", "gk_rf:488.4", "gk_rf:395"}),
    ("r01", "money", {"3000.00", "20000000000.00"}),
    ("r03", "money", {"500000.00"}),
    ("r04", "law", {"zhk_rsfsr:131", "zhk_rsfsr:137"}),
]

# (file prefix, extractor, values that must not be found): statutes cite no cases.
NOT_FOUND = [
    ("r01", "case", None),
    ("r02", "case", None),
    ("r03", "case", None),
    ("r04", "case", None),
    ("r13", "placeholder", {"amount"}),
    ("r05", "id", None),
]


def _slow_if_statute(prefix: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.slow] if prefix in STATUTE_ACTS else []


@pytest.mark.parametrize(
    ("prefix", "extractor", "expected"),
    [pytest.param(*row, marks=_slow_if_statute(row[0])) for row in FOUND],
    ids=[f"{p}-{x}-{min(v)}" for p, x, v in FOUND],
)
def test_extractors_find_corpus_values(
    prefix: str, extractor: str, expected: set[str]
) -> None:
    assert expected <= _values(prefix, extractor)


@pytest.mark.parametrize(
    ("prefix", "extractor", "unexpected"),
    [pytest.param(*row, marks=_slow_if_statute(row[0])) for row in NOT_FOUND],
    ids=[f"{p}-{x}" for p, x, _ in NOT_FOUND],
)
def test_extractors_avoid_corpus_false_positives(
    prefix: str, extractor: str, unexpected: set[str] | None
) -> None:
    found = _values(prefix, extractor)
    assert (found & unexpected if unexpected else found) == set()


@pytest.mark.parametrize("prefix", ["r05", "r08", "r13"])
def test_extractors_spans_match_corpus_text(prefix: str) -> None:
    text = _text(prefix)
    entities = [
        *extract_case_numbers(text),
        *_law_refs(text, prefix),
        *extract_money(text),
        *extract_dates(text),
        *extract_placeholders(text),
    ]
    assert len(entities) > 50
    assert all(text[e.start : e.end] == e.text for e in entities)
