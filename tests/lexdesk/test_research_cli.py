"""``lexdesk similar`` and ``lexdesk cites`` through their parser and handlers."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from lexdesk.research_cli import add_parsers
from lexdesk.settings import Settings
from nlp.kinds import DocumentKind
from nlp.lemmas import lemma_stream
from search.backend import open_backend
from search.records import DocumentRecord

TOPICS = (
    "Брак супругов расторгнут, имущество разделено поровну.",
    "Наследство принято наследником по завещанию.",
    "Работник восстановлен на работе, премия выплачена.",
)
ROWS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "a",
        "Рассрочка нарушена, ограничение режима потребления введено, неустойка.",
        {"fields": {"cites": ["gk_rf:544"], "court": ["Октябрьский суд"]}},
    ),
    (
        "b",
        "Неустойка снижена, рассрочка нарушена, ограничение режима потребления.",
        {"fields": {"cites": ["gk_rf:544.1"], "outcome": ["denied"]}},
    ),
    *[(f"x{n}", TOPICS[n % 3], {}) for n in range(8)],
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    backend = open_backend(tmp_path)
    for doc_id, text, meta in ROWS:
        record = DocumentRecord(
            id=doc_id,
            title=f"Решение {doc_id}",
            kind=DocumentKind.COURT_DECISION,
            date=dt.date(2022, 1, 1),
            text=text,
            lemmas=lemma_stream(text),
            title_lemmas=lemma_stream(f"Решение {doc_id}"),
            source=f"/c/{doc_id}.txt",
            file_sha256=f"sha-{doc_id}",
            format="text",
            meta=meta,
        )
        backend.write([record], file_sha256=record.file_sha256, source=record.source)
    backend.close()
    return Settings(home=tmp_path)


def run(argv: list[str], settings: Settings) -> int:
    parser = argparse.ArgumentParser(prog="lexdesk")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.handler(args, settings)
    return status


def test_similar_json_names_precedents_and_reasons(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["similar", "a", "--json", "--limit", "3"], settings) == 0

    body = json.loads(capsys.readouterr().out)
    assert [hit["id"] for hit in body["hits"]] == ["b"]
    assert body["hits"][0]["shared_citations"] == [
        {"key": "gk_rf:544", "human": "ст. 544 ГК РФ"}
    ]
    assert "рассрочка" in body["hits"][0]["shared_terms"]


def test_similar_text_lists_reasons(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["similar", "a"], settings) == 0

    out = capsys.readouterr().out
    assert out.startswith("1. Решение b [01.01.2022] id=b сходство ")
    assert "общие нормы: ст. 544 ГК РФ; общие слова: " in out


def test_similar_unknown_id_fails(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["similar", "zzz"], settings) == 1
    assert "документ 'zzz' не найден" in capsys.readouterr().err


def test_cites_json_counts_citing_documents(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["cites", "gk_rf:544", "--json"], settings) == 0

    body = json.loads(capsys.readouterr().out)
    assert body["total"] == 2
    assert sorted(hit["id"] for hit in body["hits"]) == ["a", "b"]
    assert body["article"] is None
    assert body["by_outcome"] == [
        {"value": "denied", "label": "в иске отказано", "count": 1}
    ]


def test_cites_text_prints_counts_to_stderr(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["cites", "GK_RF:544"], settings) == 0

    captured = capsys.readouterr()
    assert "ст. 544 ГК РФ (статья не загружена): ссылаются документов — 2" in (
        captured.err
    )
    assert "по годам: 2022 — 2" in captured.err
    assert captured.out.count(" id=") == 2


def test_cites_bad_key_is_a_user_error(settings: Settings) -> None:
    from lexdesk.errors import UserInputError

    with pytest.raises(UserInputError) as caught:
        run(["cites", "статья 544"], settings)
    assert "не ключ нормы" in caught.value.user_message
