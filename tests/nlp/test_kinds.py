"""Tests for nlp.kinds: the title-line classifier."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.kinds import DocumentKind, classify_kind

SHARED_REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Дело № 2-1/2021\nРЕШЕНИЕ\nИменем Российской Федерации\n", "court_decision"),
        ("ЗАОЧНОЕ РЕШЕНИЕ\nименем Российской Федерации\n", "court_decision"),
        ("Решение\nИменем Российской Федерации\n18.05.2021", "court_decision"),
        ("СУДЕБНЫЙ ПРИКАЗ\n09 марта 2023 года\n", "court_order"),
        ("ОПРЕДЕЛЕНИЕ\nоб отмене судебного приказа\n", "ruling"),
        ("ОПРЕДЕЛЕНИЕ об отмене судебного приказа\n", "ruling"),
        ("АПЕЛЛЯЦИОННОЕ ОПРЕДЕЛЕНИЕ\n12 июля 2022 года\n", "appeal_ruling"),
        (
            "ОПРЕДЕЛЕНИЕ\nСудебная коллегия по гражданским делам Второго кассационного "
            "суда общей юрисдикции\n",
            "cassation_ruling",
        ),
        (
            "ОПРЕДЕЛЕНИЕ\nСудебная коллегия по гражданским делам рассмотрела "
            "апелляционную жалобу\n",
            "appeal_ruling",
        ),
        ("ИСКОВОЕ ЗАЯВЛЕНИЕ\nо взыскании задолженности\n", "lawsuit"),
        ("ПРЕТЕНЗИЯ\nоб оплате задолженности\n", "claim_letter"),
        (
            "ПРЕДУПРЕЖДЕНИЕ\nо введении ограничения (приостановления) предоставления\n",
            "warning_notice",
        ),
        ("ПРЕДУПРЕЖДЕНИЕ\nо недопустимости курения\n", "other"),
        (
            "Статья 544. Оплата энергии\n1. Оплата энергии производится",
            "statute_article",
        ),
        ("Гражданский кодекс Российской Федерации\nЧасть вторая\n", "statute_article"),
        ("УТВЕРЖДЕН:\nРешением общего собрания членов ТСЖ\nДОГОВОР\n", "other"),
        ("Информация по делу\nРешение суда: удовлетворено\n", "other"),
        ("", "other"),
        ("Dear Mr. Smith, please find the invoice attached.", "other"),
    ],
    ids=[
        "decision",
        "default-decision",
        "decision-capitalized",
        "court-order",
        "ruling-subject-next-line",
        "ruling-subject-same-line",
        "appeal-title",
        "cassation-by-bench",
        "appeal-by-bench",
        "lawsuit",
        "claim-letter",
        "warning",
        "warning-not-about-supply",
        "statute-article",
        "code-title",
        "contract-approved-by-decision",
        "case-card-field",
        "blank",
        "english",
    ],
)
def test_classify_kind(text: str, kind: str) -> None:
    assert classify_kind(text) is DocumentKind(kind)


@pytest.mark.skipif(not SHARED_REAL.exists(), reason="../shared/corpus/real is absent")
@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("r05", "court_decision"),
        ("r06", "other"),  # case card
        ("r11", "court_decision"),  # letter-spaced «Р Е Ш Е Н И Е»
        ("r13", "cassation_ruling"),  # title after 5,000 characters of site menu
        ("r17", "other"),  # voting sheet
        ("r19", "other"),  # contract «утвержден решением общего собрания»
    ],
)
def test_classify_kind_on_real_files(prefix: str, kind: str) -> None:
    from indexer.parse import parse_file

    [path] = SHARED_REAL.glob(f"{prefix}_*")
    assert classify_kind(parse_file(path).text) is DocumentKind(kind)
