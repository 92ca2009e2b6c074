"""Tests for nlp.pipeline: analyse_text, the meta it writes, the spaCy pipeline."""

from __future__ import annotations

import json

import pytest

from nlp.kinds import DocumentKind
from nlp.pipeline import Analysis, analyse_text, get_nlp, join_lines

ORDER = """Судебный участок № 3 Западного округа г. Белгорода
Дело № 2-4653/2023
СУДЕБНЫЙ ПРИКАЗ
09 марта 2023 года г. Белгород
Мировой судья судебного участка № 3 Западного округа г.
Белгорода Тальникова Т.В., рассмотрев заявление акционерного
общества «Светлоградэнергосбыт» о вынесении судебного приказа,
руководствуясь статьями 121–130 ГПК РФ,
приказал:
Взыскать с должника Лебедянцевой Людмилы Андреевны, в пользу взыскателя АО
«Светлоградэнергосбыт» задолженность в размере 7 775
руб. 98 коп., пени по части 14 статьи 155 ЖК РФ в размере 1 640
руб. 73 коп., расходы по уплате государственной пошлины в
размере 200 руб. 00 коп., а всего 9 616 руб. 71 коп.
"""


def test_analyse_text_reads_a_court_order() -> None:
    analysis = analyse_text(ORDER)
    facts = analysis.facts.to_json()
    assert analysis.kind is DocumentKind.COURT_ORDER
    assert {k: facts[k] for k in ("case_number", "court", "judge", "outcome")} == {
        "case_number": "2-4653/2023",
        "court": "Судебный участок № 3 Западного округа г. Белгорода",
        "judge": "Тальникова Т.В.",
        "outcome": "order_issued",
    }
    assert (facts["awarded_principal"], facts["awarded_total"], facts["claimed"]) == (
        "7775.98",
        "9616.71",
        "9416.71",
    )
    assert facts["defendants"] == ["Лебедянцева Людмила Андреевна"]


def test_analyse_text_offsets_point_into_the_given_text() -> None:
    analysis = analyse_text(ORDER)
    assert analysis.entities
    for entity in analysis.entities:
        assert ORDER[entity.start : entity.end] == entity.text
    money = [e.text for e in analysis.entities if e.label.value == "MONEY"]
    assert money[0] == "7 775\nруб. 98 коп."  # wrapped amount, original text kept


def test_to_meta_fields_and_amounts_for_the_index() -> None:
    meta = analyse_text(ORDER).to_meta()
    assert meta["fields"]["case"] == ["2-4653/2023"]
    assert meta["fields"]["judge"] == ["Тальникова Т.В."]
    assert meta["fields"]["outcome"] == ["order_issued"]
    assert "zhk_rf:155.14" in meta["fields"]["cites"]
    assert "gpk_rf:127" in meta["fields"]["cites"]
    assert meta["amounts"] == {
        "claimed": "9416.71",
        "awarded_principal": "7775.98",
        "awarded_penalty": "1640.73",
        "awarded_state_duty": "200.00",
        "awarded_total": "9616.71",
    }
    assert json.loads(json.dumps(meta, ensure_ascii=False)) == meta


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "This is an English letter. Dear Mr. Smith, regards, John Brown.",
        "\x00\x01\x02 ÿþ",
        "Р" * 5000,
        "№№№ ))) ((( 12/12/12/12 руб руб. коп.",
    ],
    ids=["empty", "blank", "english", "control-bytes", "one-letter-run", "junk"],
)
def test_analyse_text_returns_empty_valid_result_on_odd_input(text: str) -> None:
    analysis = analyse_text(text)
    meta = analysis.to_meta()
    assert analysis.kind is DocumentKind.OTHER
    assert (meta["fields"], meta["amounts"]) == ({}, {})
    assert meta["facts"]["outcome"] is None
    assert json.dumps(meta)


def test_analyse_text_of_blank_is_the_default_analysis() -> None:
    assert analyse_text("") == Analysis()


def test_join_lines_keeps_offsets_and_paragraphs() -> None:
    text = "7 775\nруб.\n\nНовый абзац"
    joined = join_lines(text)
    assert (joined, len(joined)) == ("7 775 руб.\n\nНовый абзац", len(text))


def test_spacy_pipeline_sets_lemmas_legal_spans_and_ents() -> None:
    nlp = get_nlp()
    assert nlp.pipe_names == ["lexdesk_lemmas", "lexdesk_rules", "lexdesk_ner"]
    doc = nlp(
        "Тимирязевский районный суд г. Москвы взыскал с Кудрявцевой Людмилы Петровны "
        "20 340 руб. 32 коп. по ст. 155 ЖК РФ."
    )
    legal = {(span.label_, span.text) for span in doc.spans["legal"]}
    assert ("COURT", "Тимирязевский районный суд г. Москвы") in legal
    assert ("MONEY", "20 340 руб. 32 коп.") in legal
    assert ("LAW_REF", "ст. 155 ЖК РФ") in legal
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("PER", "Кудрявцевой Людмилы Петровны")
    ]
    assert doc[4].lemma_ == "москва"
