"""``/kinds``: the document kinds and their Russian labels, for filter widgets."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import CurrentUser
from api.problems import problem_responses
from api.schemas import KindInfo
from nlp.kinds import KIND_LABELS_RU, DocumentKind

router = APIRouter(tags=["search"])


@router.get(
    "/kinds",
    response_model=list[KindInfo],
    summary="Document kinds",
    description=(
        "Every document kind the «kind» filter of /search accepts, in a stable "
        "order, with the Russian label to show."
    ),
    responses=problem_responses({401: "No valid token or API key."}),
)
def list_kinds(user: CurrentUser) -> list[KindInfo]:
    """List the document kinds with their Russian labels."""
    return [KindInfo(value=kind, label=KIND_LABELS_RU[kind]) for kind in DocumentKind]
