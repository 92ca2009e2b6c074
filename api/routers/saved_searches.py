"""``/saved-searches``: each user's own named searches, to run again later.

Every signed-in user keeps their own list; nobody sees another's (another
user's search id answers 404). Saving under an existing name replaces it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.auth import CurrentUser, SessionDep
from api.problems import (
    ConflictError,
    NotFoundError,
    ParameterError,
    problem_responses,
)
from lexdesk.saved_searches import (
    MAX_NAME_LENGTH,
    MAX_PER_USER,
    SavedSearchNotFoundError,
    SavedSearchView,
    SearchSpec,
    TooManySavedSearchesError,
    delete_saved_search,
    list_saved_searches,
    save_search,
)
from nlp.kinds import DocumentKind
from search.query import MAX_QUERY_LENGTH
from search.records import SortOrder

router = APIRouter(prefix="/saved-searches", tags=["search"])

SearchId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Saved search id.")]


class SavedSearchWrite(BaseModel):
    """A search to save: a name, the query and the filters of /search."""

    name: str = Field(
        min_length=1,
        max_length=MAX_NAME_LENGTH,
        description="A short name, e.g. «Пени по ЖК, 2023». Unique per user.",
    )
    query: str = Field(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description="The query, as /search takes it in «q».",
    )
    kinds: list[DocumentKind] = Field(
        default_factory=list, description="Document kinds to keep; empty for all."
    )
    date_from: dt.date | None = Field(
        default=None, description="Earliest document date, inclusive."
    )
    date_to: dt.date | None = Field(
        default=None, description="Latest document date, inclusive."
    )
    sort: SortOrder = Field(default=SortOrder.RELEVANCE, description="Hit order.")


class SavedSearchResponse(BaseModel):
    """A saved search of the caller."""

    id: int = Field(description="Id, for DELETE /saved-searches/{id}.")
    name: str = Field(description="Its name.")
    query: str = Field(description="The query («q» of /search).")
    kinds: list[DocumentKind] = Field(description="Kinds kept; empty for all.")
    date_from: dt.date | None = Field(description="Earliest document date.")
    date_to: dt.date | None = Field(description="Latest document date.")
    sort: SortOrder = Field(description="Hit order.")
    updated_at: dt.datetime = Field(description="When it was last saved (UTC).")

    @classmethod
    def from_view(cls, view: SavedSearchView) -> SavedSearchResponse:
        """Build the response from the stored search."""
        spec = view.spec
        return cls(
            id=view.id,
            name=view.name,
            query=spec.query,
            kinds=[DocumentKind(kind) for kind in spec.kinds],
            date_from=spec.date_from,
            date_to=spec.date_to,
            sort=SortOrder(spec.sort),
            updated_at=view.updated_at,
        )


_AUTH = {401: "No valid token or API key."}


@router.get(
    "",
    response_model=list[SavedSearchResponse],
    summary="My saved searches",
    description=(
        "The caller's saved searches, by name, each with its query and filters "
        "ready to send to /search."
    ),
    responses=problem_responses(_AUTH),
)
def get_saved_searches(
    user: CurrentUser, session: SessionDep
) -> list[SavedSearchResponse]:
    """List the caller's saved searches."""
    return [
        SavedSearchResponse.from_view(view)
        for view in list_saved_searches(session, user)
    ]


@router.post(
    "",
    response_model=SavedSearchResponse,
    status_code=201,
    summary="Save a search",
    description=(
        "Saves the query and filters under a name: 201 for a new name, 200 when "
        f"it replaced the caller's search of that name. At most {MAX_PER_USER} "
        "per user (409 past that)."
    ),
    responses={
        200: {"model": SavedSearchResponse, "description": "Replaced by name."},
        **problem_responses(
            {
                **_AUTH,
                409: f"The caller already has {MAX_PER_USER} saved searches.",
                422: "A field is missing, blank or malformed.",
            }
        ),
    },
)
def post_saved_search(
    user: CurrentUser, session: SessionDep, body: SavedSearchWrite
) -> JSONResponse:
    """Save a search; 201 when new, 200 when it replaced one of the same name."""
    _check(body)
    spec = SearchSpec(
        query=body.query.strip(),
        kinds=tuple(dict.fromkeys(kind.value for kind in body.kinds)),
        date_from=body.date_from,
        date_to=body.date_to,
        sort=body.sort.value,
    )
    try:
        view, created = save_search(session, user, body.name.strip(), spec)
    except TooManySavedSearchesError as error:
        raise ConflictError(str(error), user_message=error.user_message) from error
    session.commit()
    answer = SavedSearchResponse.from_view(view)
    return JSONResponse(
        answer.model_dump(mode="json"), status_code=201 if created else 200
    )


@router.delete(
    "/{search_id}",
    status_code=204,
    response_class=Response,
    summary="Delete a saved search",
    description=(
        "Deletes one of the caller's saved searches; another user's id answers "
        "404 like a missing one."
    ),
    responses=problem_responses(
        {**_AUTH, 404: "No saved search of yours has this id.", 422: "Bad id."}
    ),
)
def remove_saved_search(
    user: CurrentUser, session: SessionDep, search_id: SearchId
) -> Response:
    """Delete a saved search of the caller."""
    try:
        delete_saved_search(session, user, search_id)
    except SavedSearchNotFoundError as error:
        raise NotFoundError(str(error), user_message=error.user_message) from error
    session.commit()
    return Response(status_code=204)


def _check(body: SavedSearchWrite) -> None:
    """Reject a blank name or query and a reversed date range."""
    for field, value in (("name", body.name), ("query", body.query)):
        if not value.strip():
            raise ParameterError(
                field, "blank", field_message="значение не может быть пустым."
            )
    if body.date_from and body.date_to and body.date_to < body.date_from:
        raise ParameterError(
            "date_to",
            f"date_to {body.date_to} is before date_from {body.date_from}",
            field_message=(
                f"конец периода ({body.date_to:%d.%m.%Y}) раньше его начала "
                f"({body.date_from:%d.%m.%Y})."
            ),
        )
