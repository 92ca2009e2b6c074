"""``lexdesk similar`` and ``lexdesk cites``: precedents and the citator in a terminal.

Each is a thin wrapper over the search backend; ``--json`` prints exactly the body
of ``GET /documents/{id}/similar`` and ``GET /citations/{key}`` (the same schema
classes build both). :func:`add_parsers` registers them on the main parser.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from lexdesk.errors import UserInputError
from lexdesk.settings import Settings

EXIT_OK = 0
EXIT_FAILURE = 1

# Precedents and citing documents listed by default.
DEFAULT_LIMIT = 10


def add_parsers(subparsers: Any) -> None:
    """Add the ``similar`` and ``cites`` subcommands.

    Args:
        subparsers: the object ``ArgumentParser.add_subparsers()`` returned; each
            subcommand sets ``handler(args, settings) -> exit status``.
    """
    similar = subparsers.add_parser(
        "similar", help="найти похожие документы (прецеденты)"
    )
    similar.add_argument("id", metavar="ID", help="идентификатор документа")
    similar.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"сколько документов показать (по умолчанию {DEFAULT_LIMIT})",
    )
    similar.add_argument("--json", action="store_true", help="результат в JSON")
    similar.set_defaults(handler=run_similar)

    cites = subparsers.add_parser("cites", help="документы, которые ссылаются на норму")
    cites.add_argument(
        "key", metavar="KEY", help="ключ нормы, например gk_rf:544 или zhk_rf:155.14"
    )
    cites.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"сколько документов показать (по умолчанию {DEFAULT_LIMIT})",
    )
    cites.add_argument("--offset", type=int, default=0, help="сколько пропустить")
    cites.add_argument("--json", action="store_true", help="результат в JSON")
    cites.set_defaults(handler=run_cites)


def run_similar(args: argparse.Namespace, settings: Settings) -> int:
    """Print the precedents of an indexed document."""
    from api.schemas_research import SimilarResponse
    from search.backend import open_backend
    from search.similar import probe_from_records

    limit = _check_limit(args.limit)
    backend = open_backend(settings.home)
    try:
        record = backend.get(args.id)
        if record is None:
            print(f"lexdesk: документ {args.id!r} не найден", file=sys.stderr)
            return EXIT_FAILURE
        probe = probe_from_records([record], is_indexed=True)
        response = SimilarResponse.from_result(backend.similar(probe, limit=limit))
    finally:
        backend.close()
    if args.json:
        _print_json(response.model_dump(mode="json"))
        return EXIT_OK
    print(f"Похожие на «{record.title}»: {len(response.hits)}", file=sys.stderr)
    for number, hit in enumerate(response.hits, start=1):
        date = hit.date.strftime("%d.%m.%Y") if hit.date else "без даты"
        print(f"{number}. {hit.title} [{date}] id={hit.id} сходство {hit.score:.2f}")
        reasons = []
        if hit.shared_citations:
            reasons.append(
                "общие нормы: " + ", ".join(c.human for c in hit.shared_citations)
            )
        if hit.shared_terms:
            reasons.append("общие слова: " + ", ".join(hit.shared_terms))
        if reasons:
            print("   " + "; ".join(reasons))
    return EXIT_OK


def run_cites(args: argparse.Namespace, settings: Settings) -> int:
    """Print the article and the documents citing it, with counts."""
    from api.schemas_research import CitationsResponse
    from search.backend import open_backend
    from search.citations import article_key, is_key
    from search.records import FacetName, SearchRequest, SortOrder

    key = args.key.strip().lower()
    if not is_key(key):
        raise UserInputError(
            f"not a citation key: {key[:64]!r}",
            user_message=(
                f"«{key[:64]}» — не ключ нормы; нужен вид gk_rf:544 или "
                "zhk_rf:155.14 (код акта, двоеточие, номер статьи)."
            ),
        )
    request = SearchRequest(
        query=f"cites:{key}",
        sort=SortOrder.DATE_DESC,
        limit=_check_limit(args.limit),
        offset=max(0, args.offset),
        facets=(FacetName.YEAR, FacetName.COURT, FacetName.OUTCOME),
    )
    backend = open_backend(settings.home)
    try:
        result = backend.search(request)
        article = backend.statute_article(article_key(key))
    finally:
        backend.close()
    response = CitationsResponse.from_result(key, article, result)
    if args.json:
        _print_json(response.model_dump(mode="json"))
        return EXIT_OK
    shown = "текст статьи в индексе" if article else "статья не загружена"
    print(
        f"{response.citation.human} ({shown}): ссылаются документов — {response.total}",
        file=sys.stderr,
    )
    for title, counts in (
        ("по годам", response.by_year),
        ("по судам", response.by_court),
        ("по исходу", response.by_outcome),
    ):
        if counts:
            parts = ", ".join(f"{item.label} — {item.count}" for item in counts)
            print(f"  {title}: {parts}", file=sys.stderr)
    for number, hit in enumerate(response.hits, start=request.offset + 1):
        date = hit.date.strftime("%d.%m.%Y") if hit.date else "без даты"
        print(f"{number}. {hit.title} [{date}] id={hit.id}")
    return EXIT_OK


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= 100:
        raise UserInputError(
            f"limit {limit} out of range",
            user_message="--limit должен быть от 1 до 100.",
        )
    return limit


def _print_json(payload: Any) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2))
