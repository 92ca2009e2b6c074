"""``/health``: whether the service is up and how many documents it serves."""

from __future__ import annotations

from fastapi import APIRouter

from api.backend import BackendDep
from api.problems import problem_responses
from api.schemas import HealthResponse

router = APIRouter(tags=["service"])


@router.get(
    "/health",
    response_model=HealthResponse,
    summary="Service health",
    description=(
        "Answers «ok» with the number of indexed documents when the service and "
        "its index are up; 503 when the index cannot be read."
    ),
    responses=problem_responses({503: "The search index is unavailable."}),
)
def get_health(backend: BackendDep) -> HealthResponse:
    """Report that the service answers, with the size of its index."""
    return HealthResponse(status="ok", documents=backend.count())
