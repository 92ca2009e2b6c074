"""The lexdesk HTTP API: build the FastAPI application.

Run it with ``lexdesk serve``, or directly::

    uvicorn api.app:create_app --factory --host 127.0.0.1 --port 8000

The app opens the search backend once, when it starts, and closes it on shutdown.
One router per resource lives in :mod:`api.routers`; errors are problem+json
(:mod:`api.problems`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi

import lexdesk
from api.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from api.routers import (
    assignments,
    audit,
    auth,
    casework,
    citations,
    documents,
    exports,
    folders,
    health,
    kinds,
    notes,
    precedents,
    restriction,
    saved_searches,
    search,
    users,
)
from lexdesk.accounts import load_secret_key
from lexdesk.settings import get_settings
from lexdesk.store import open_store
from search.backend import open_configured_backend

logger = logging.getLogger(__name__)

API_DESCRIPTION = """\
Full-text search over Russian court acts and statutes.

Errors are RFC 9457 problem details (`application/problem+json`) with a Russian
«detail» ready to show to users.

Every route but /health and /auth/token needs a bearer token from POST /auth/token
or a service's API key in «X-API-Key»; what each role may do is in the README's
«Roles» table. Access to documents is written to an audit trail (GET /audit).
"""


# Every router of the API, in the order of the OpenAPI document.
ROUTERS = (
    health.router,
    auth.router,
    search.router,
    saved_searches.router,
    exports.router,
    kinds.router,
    documents.router,
    precedents.router,
    citations.router,
    notes.router,
    folders.router,
    assignments.router,
    users.router,
    audit.router,
    casework.router,
    restriction.router,
)


def create_app(
    *, data_dir: Path | None = None, database_url: str | None = None
) -> FastAPI:
    """Build the API application.

    Args:
        data_dir: the data directory holding the index; ``None`` takes it from the
            settings (``LEXDESK_HOME``).
        database_url: the store of users, audit and team work; ``None`` takes
            ``LEXDESK_DATABASE_URL``, or a SQLite file in the data directory.

    Returns:
        The application. Its search backend and store are opened when the app
        starts (the ASGI lifespan) and closed when it stops.

    Raises:
        InsecureSecretError: production settings without a real secret key.
    """
    settings = get_settings()
    directory = data_dir if data_dir is not None else settings.home
    settings = settings.model_copy(update={"home": directory})
    store_url = database_url or settings.effective_database_url

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = open_store(store_url)
        backend = open_configured_backend(settings)
        app.state.database = database
        app.state.backend = backend
        logger.info("API started: %d documents in the index", backend.count())
        try:
            yield
        finally:
            app.state.backend = None
            app.state.database = None
            backend.close()
            database.close()

    app = FastAPI(
        title="lexdesk API",
        version=lexdesk.__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    # Refuse to build the app with a placeholder key in production, before serving.
    app.state.secret_key = load_secret_key(settings)
    app.state.token_ttl_minutes = settings.token_ttl_minutes
    # Uploads: where originals are kept, and the largest file accepted.
    app.state.home = directory
    app.state.max_upload_bytes = settings.max_upload_mb * 2**20
    install_problem_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.middleware("http")(_log_request)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


async def _log_request(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Write one INFO line per request: method, path, status, time, route's note."""
    started = time.perf_counter()
    response = await call_next(request)
    elapsed_ms = (time.perf_counter() - started) * 1000
    note = getattr(request.state, "log_note", "")
    logger.info(
        "%s %s -> %d in %.1f ms %s",
        request.method,
        request.url.path,
        response.status_code,
        elapsed_ms,
        note,
    )
    return response


def _build_openapi(app: FastAPI) -> dict[str, Any]:
    """Generate the OpenAPI document, with error bodies as problem+json."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                is_error = status.isdigit() and int(status) >= 400
                if is_error and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return schema
