"""GET /kinds."""

from __future__ import annotations

from fastapi.testclient import TestClient

from nlp.kinds import KIND_LABELS_RU, DocumentKind


def test_kinds_lists_every_kind_with_its_russian_label(client: TestClient) -> None:
    body = client.get("/kinds").json()

    assert body[0] == {"value": "court_decision", "label": "решение суда"}
    assert {"value": "court_order", "label": "судебный приказ"} in body
    assert body == [
        {"value": kind.value, "label": KIND_LABELS_RU[kind]} for kind in DocumentKind
    ]
