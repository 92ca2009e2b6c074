"""``/citations/{key}``: the citator — an article and every document citing it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api.auth import READERS, AuditAction, ObjectType, SessionDep, audit, require_role
from api.backend import BackendDep
from api.problems import ParameterError, problem_responses
from api.routers.search import MAX_LIMIT, MAX_RESULT_WINDOW
from api.schemas_research import CitationsResponse
from lexdesk.accounts import Principal
from search.citations import article_key, is_key
from search.cursors import InvalidCursorError
from search.records import FacetName, SearchRequest, SortOrder

router = APIRouter(tags=["citator"])

CITATOR_DESCRIPTION = """\
The provision «key» (canonical form, e.g. `gk_rf:544`, `zhk_rf:155.14`), its
article's text when the statute is indexed (else «article» is null), and the
documents citing it — an article's key also finds citations of its parts and
points — newest first, with counts by year, court and outcome over all of them.
Page with «limit» and «offset», or with «cursor» from «next_cursor».
"""


@router.get(
    "/citations/{key}",
    response_model=CitationsResponse,
    summary="Documents citing a provision",
    description=CITATOR_DESCRIPTION,
    responses=problem_responses(
        {
            401: "No valid token or API key.",
            403: "The caller's role may not read documents.",
            422: "The key is not a canonical citation key of a known act, or a "
            "paging parameter is out of range.",
            503: "The search index is unavailable.",
        }
    ),
)
def cited_by(
    backend: BackendDep,
    user: Annotated[Principal, Depends(require_role(*READERS))],
    session: SessionDep,
    key: Annotated[
        str,
        Path(
            min_length=3,
            max_length=64,
            description="Canonical citation key, e.g. «gk_rf:544».",
        ),
    ],
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Documents per page.")
    ] = 20,
    offset: Annotated[
        int, Query(ge=0, le=MAX_RESULT_WINDOW, description="Documents to skip.")
    ] = 0,
    cursor: Annotated[
        str | None, Query(max_length=512, description="«next_cursor» of a page.")
    ] = None,
) -> CitationsResponse:
    """Return the article and a page of the documents citing it."""
    normalized = key.strip().lower()
    if not is_key(normalized):
        raise ParameterError(
            "key",
            f"not a citation key: {key[:64]!r}",
            field_message=(
                "нужен канонический ключ нормы вида «gk_rf:544» или "
                "«zhk_rf:155.14» (код акта, двоеточие, номер статьи)."
            ),
        )
    request = SearchRequest(
        query=f"cites:{normalized}",
        sort=SortOrder.DATE_DESC,
        limit=limit,
        offset=offset,
        facets=(FacetName.YEAR, FacetName.COURT, FacetName.OUTCOME),
        cursor=cursor,
    )
    try:
        result = backend.search(request)
    except InvalidCursorError as error:
        raise ParameterError(
            "cursor", str(error), field_message=error.user_message
        ) from error
    # A part («zhk_rf:155.14») is shown with the text of its whole article.
    article = backend.statute_article(article_key(normalized))
    audit(
        session,
        user,
        AuditAction.SEARCHED,
        ObjectType.SEARCH,
        hits=result.total,
    )
    return CitationsResponse.from_result(normalized, article, result)
