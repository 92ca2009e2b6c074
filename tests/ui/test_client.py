"""ui.client against a live API on loopback."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable

import pytest

from ui.client import ApiError, Document, LexdeskClient


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_client_search_returns_typed_hits(api_url: str, ui_token: str) -> None:
    with LexdeskClient(api_url, token=ui_token) as client:
        page = client.search("возражение", kinds=["ruling"], limit=5)

    assert page.total == 1
    (hit,) = page.hits
    assert hit.id == "ruling-5"
    assert hit.kind == "ruling"
    assert hit.date == dt.date(2022, 2, 2)
    assert hit.snippet == (
        "Должник подал <mark>возражения</mark>, судебный приказ отменён."
    )


def test_client_search_pages_and_sorts(api_url: str, ui_token: str) -> None:
    with LexdeskClient(api_url, token=ui_token) as client:
        page = client.search(
            "электроэнергия",
            date_from=dt.date(2023, 1, 3),
            date_to=dt.date(2023, 1, 8),
            sort="date_desc",
            limit=4,
            offset=1,
        )

    assert page.total == 6
    assert [hit.id for hit in page.hits] == ["order-7", "order-6", "order-5", "order-4"]


def test_client_document_returns_text_and_meta(api_url: str, ui_token: str) -> None:
    with LexdeskClient(api_url, token=ui_token) as client:
        document = client.document("order-3")

    assert document == Document(
        id="order-3",
        title="Судебный приказ № 2-3/2023",
        kind="court_order",
        date=dt.date(2023, 1, 3),
        source="/cases/order-3.pdf",
        format="pdf",
        text=(
            "Взыскать с должника Васильева И. И. задолженность за электроэнергию "
            "в размере 3000 руб. <пени> & госпошлину."
        ),
        meta={"pages": 2, "ocr": False},
    )


def test_client_kinds_have_russian_labels(api_url: str, ui_token: str) -> None:
    with LexdeskClient(api_url, token=ui_token) as client:
        kinds = {kind.value: kind.label for kind in client.kinds()}

    assert kinds["court_order"] == "судебный приказ"
    assert len(kinds) == 10


def test_client_counts_documents(api_url: str, ui_token: str) -> None:
    with LexdeskClient(api_url, token=ui_token) as client:
        assert client.count_documents() == 16


@pytest.mark.parametrize(
    ("call", "status", "message", "position"),
    [
        pytest.param(
            lambda client: client.document("missing-id"),
            404,
            "Документ с идентификатором «missing-id» не найден.",
            None,
            id="unknown-document",
        ),
        pytest.param(
            lambda client: client.search('пени "долг'),
            400,
            "Незакрытая кавычка",
            5,
            id="syntax-error",
        ),
        pytest.param(
            lambda client: client.search("пени", limit=500),
            422,
            "«limit» — значение должно быть не больше 100",
            None,
            id="bad-limit",
        ),
    ],
)
def test_client_turns_problems_into_api_errors(
    api_url: str,
    ui_token: str,
    call: Callable[[LexdeskClient], object],
    status: int,
    message: str,
    position: int | None,
) -> None:
    with (
        LexdeskClient(api_url, token=ui_token) as client,
        pytest.raises(ApiError) as caught,
    ):
        call(client)

    assert caught.value.status == status
    assert message in caught.value.user_message
    assert caught.value.position == position


def test_client_unreachable_api_is_an_api_error_in_russian() -> None:
    base_url = f"http://127.0.0.1:{_closed_port()}"

    with LexdeskClient(base_url) as client, pytest.raises(ApiError) as caught:
        client.search("пени")

    assert caught.value.status is None
    assert caught.value.user_message.startswith(
        f"Сервис поиска недоступен по адресу {base_url}."
    )
