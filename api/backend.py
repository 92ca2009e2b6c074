"""How routes reach the search backend that the app opened at startup."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from lexdesk.errors import InfrastructureError
from search.backend import SearchBackend


def get_backend(request: Request) -> SearchBackend:
    """Return the app's search backend (a FastAPI dependency).

    Raises:
        InfrastructureError: the app was not started (its lifespan did not run), so
            no backend is open.
    """
    backend = getattr(request.app.state, "backend", None)
    if backend is None:
        raise InfrastructureError(
            "search backend is not open: the app's lifespan has not run",
            user_message="Поисковый индекс не открыт: сервис ещё не запущен.",
        )
    return cast(SearchBackend, backend)


# The backend as a route parameter: ``backend: BackendDep``.
BackendDep = Annotated[SearchBackend, Depends(get_backend)]
