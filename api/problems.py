"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error response of the API has the same body: ``type`` (a URI naming the
kind of problem), ``title`` (its short Russian name), ``status`` and ``detail``
(what went wrong in this request, in Russian, ready to show to a user). Query
syntax errors add ``position``, the 0-based character offset in ``q``; parameter
errors add ``errors``, one entry per bad parameter.

:func:`install_problem_handlers` maps the project's exception tree
(:mod:`lexdesk.errors`) and FastAPI's own errors onto these bodies.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import FieldProblem, Problem
from lexdesk.errors import DataError, InfrastructureError, UserInputError
from search.query import QuerySyntaxError

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

# How much of a rejected value is echoed back in a message.
MAX_ECHOED_VALUE = 50


class ProblemType(enum.StrEnum):
    """The kinds of problem the API reports; values are the ``type`` URIs."""

    QUERY_SYNTAX = "urn:lexdesk:problem:query-syntax"
    INVALID_PARAMETER = "urn:lexdesk:problem:invalid-parameter"
    NOT_FOUND = "urn:lexdesk:problem:not-found"
    UNAUTHENTICATED = "urn:lexdesk:problem:unauthenticated"
    FORBIDDEN = "urn:lexdesk:problem:forbidden"
    CONFLICT = "urn:lexdesk:problem:conflict"
    TOO_LARGE = "urn:lexdesk:problem:too-large"
    BAD_INPUT = "urn:lexdesk:problem:bad-input"
    UNUSABLE_DATA = "urn:lexdesk:problem:unusable-data"
    UNAVAILABLE = "urn:lexdesk:problem:unavailable"
    INTERNAL = "urn:lexdesk:problem:internal"
    # RFC 9457 §4.2.1: plain HTTP errors whose status code says it all.
    HTTP = "about:blank"


# Short Russian names of the problem kinds (the ``title`` field).
PROBLEM_TITLES_RU: dict[ProblemType, str] = {
    ProblemType.QUERY_SYNTAX: "Ошибка в поисковом запросе",
    ProblemType.INVALID_PARAMETER: "Неверные параметры запроса",
    ProblemType.NOT_FOUND: "Не найдено",
    ProblemType.UNAUTHENTICATED: "Требуется вход",
    ProblemType.FORBIDDEN: "Доступ запрещён",
    ProblemType.CONFLICT: "Конфликт с текущим состоянием",
    ProblemType.TOO_LARGE: "Слишком большой файл",
    ProblemType.BAD_INPUT: "Неверные входные данные",
    ProblemType.UNUSABLE_DATA: "Данные не удалось обработать",
    ProblemType.UNAVAILABLE: "Сервис временно недоступен",
    ProblemType.INTERNAL: "Внутренняя ошибка сервера",
    ProblemType.HTTP: "Ошибка HTTP",
}

# Plain HTTP errors raised by routing (unknown path, wrong method): the status's
# Russian name (RFC 9457 §4.2.1: the title of about:blank is the status phrase)
# and what it means for an API caller.
HTTP_PROBLEMS_RU: dict[int, tuple[str, str]] = {
    404: ("Не найдено", "Такого адреса в API нет."),
    405: (
        "Метод не поддерживается",
        "Этот метод HTTP для данного адреса не поддерживается.",
    ),
    406: ("Неприемлемый формат", "Сервер не может ответить в запрошенном формате."),
    415: ("Неподдерживаемый тип данных", "Формат тела запроса не поддерживается."),
}


class NotFoundError(UserInputError):
    """The requested object does not exist, or the caller may not know it exists."""


class AuthenticationError(UserInputError):
    """No credentials, or credentials that are wrong, expired or revoked (401)."""


class PermissionDeniedError(UserInputError):
    """The caller is known but their role or share does not allow this (403)."""


class ConflictError(UserInputError):
    """The request clashes with the stored state, e.g. a name already taken (409)."""


class DocumentNotFoundError(NotFoundError):
    """No document has the requested id."""

    def __init__(self, doc_id: str) -> None:
        shown = _truncate(doc_id)
        super().__init__(
            f"no document with id {shown!r}",
            user_message=f"Документ с идентификатором «{shown}» не найден.",
        )
        self.doc_id = doc_id


class OriginalNotFoundError(NotFoundError):
    """The document exists but its original file was not kept."""

    def __init__(self, doc_id: str) -> None:
        shown = _truncate(doc_id)
        super().__init__(
            f"no stored original for document {shown!r}",
            user_message=(
                f"Оригинал не сохранён: файл документа «{shown}» был загружен до "
                "того, как lexdesk начал хранить оригиналы; загрузите файл заново."
            ),
        )


class PayloadTooLargeError(UserInputError):
    """The request body is larger than the configured limit (413)."""

    def __init__(self, limit_bytes: int) -> None:
        megabytes = limit_bytes // 2**20
        super().__init__(
            f"request body exceeds {limit_bytes} bytes",
            user_message=(
                f"Файл больше допустимых {megabytes} МБ; загрузите файл меньшего "
                "размера или попросите администратора увеличить "
                "LEXDESK_MAX_UPLOAD_MB."
            ),
        )
        self.limit_bytes = limit_bytes


class ParameterError(UserInputError):
    """A request parameter is well-formed but not acceptable (e.g. a reversed range).

    Attributes:
        field: the parameter name.
        field_message: what is wrong with it, in Russian.
    """

    def __init__(self, field: str, message: str, *, field_message: str) -> None:
        super().__init__(
            f"parameter {field}: {message}",
            user_message=f"Параметр «{field}»: {field_message}",
        )
        self.field = field
        self.field_message = field_message


@dataclass(frozen=True)
class _Failure:
    """One validation failure, in the parts a Russian message is built from."""

    field: str
    message: str


def problem_response(
    problem_type: ProblemType,
    status: int,
    detail: str,
    *,
    position: int | None = None,
    errors: Sequence[FieldProblem] | None = None,
    headers: Mapping[str, str] | None = None,
    title: str | None = None,
) -> JSONResponse:
    """Build a problem+json response.

    Args:
        problem_type: the kind of problem (its URI goes to ``type``).
        status: the HTTP status code.
        detail: what went wrong, in Russian.
        position: for query syntax errors, the character offset in the query.
        errors: for parameter errors, one entry per bad parameter.
        headers: extra response headers (``Allow`` for 405, …).
        title: a title other than the problem type's (plain HTTP errors).

    Returns:
        The response, with media type ``application/problem+json``.
    """
    body = Problem(
        type=problem_type.value,
        title=title or PROBLEM_TITLES_RU[problem_type],
        status=status,
        detail=detail,
        position=position,
        errors=list(errors) if errors is not None else None,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers) if headers is not None else None,
    )


def problem_responses(descriptions: Mapping[int, str]) -> dict[int | str, Any]:
    """Describe a route's error responses for OpenAPI.

    Args:
        descriptions: status code → when the route answers with it.

    Returns:
        The ``responses=`` argument of a route decorator; each entry documents a
        :class:`~api.schemas.Problem` body (the app moves it under the
        ``application/problem+json`` media type).
    """
    return {
        status: {"model": Problem, "description": description}
        for status, description in descriptions.items()
    }


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` answer with a problem+json body."""
    app.add_exception_handler(QuerySyntaxError, _on_query_syntax)
    app.add_exception_handler(NotFoundError, _on_not_found)
    app.add_exception_handler(AuthenticationError, _on_unauthenticated)
    app.add_exception_handler(PermissionDeniedError, _on_forbidden)
    app.add_exception_handler(ConflictError, _on_conflict)
    app.add_exception_handler(ParameterError, _on_parameter)
    app.add_exception_handler(PayloadTooLargeError, _on_too_large)
    app.add_exception_handler(UserInputError, _on_user_input)
    app.add_exception_handler(DataError, _on_data)
    app.add_exception_handler(InfrastructureError, _on_infrastructure)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)


async def _on_query_syntax(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QuerySyntaxError)
    # The message may quote the query, which may name a person: log the offset only.
    logger.info("query syntax error at offset %d", exc.position)
    return problem_response(
        ProblemType.QUERY_SYNTAX, 400, exc.user_message, position=exc.position
    )


async def _on_not_found(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFoundError)
    return problem_response(ProblemType.NOT_FOUND, 404, exc.user_message)


async def _on_unauthenticated(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AuthenticationError)
    # RFC 6750 §3: a 401 names the scheme the client should use.
    headers = {"WWW-Authenticate": 'Bearer realm="lexdesk"'}
    return problem_response(
        ProblemType.UNAUTHENTICATED, 401, exc.user_message, headers=headers
    )


async def _on_forbidden(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PermissionDeniedError)
    return problem_response(ProblemType.FORBIDDEN, 403, exc.user_message)


async def _on_conflict(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ConflictError)
    return problem_response(ProblemType.CONFLICT, 409, exc.user_message)


async def _on_too_large(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PayloadTooLargeError)
    return problem_response(ProblemType.TOO_LARGE, 413, exc.user_message)


async def _on_parameter(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ParameterError)
    errors = [FieldProblem(field=exc.field, message=exc.field_message)]
    return problem_response(
        ProblemType.INVALID_PARAMETER, 422, exc.user_message, errors=errors
    )


async def _on_user_input(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UserInputError)
    return problem_response(ProblemType.BAD_INPUT, 400, exc.user_message)


async def _on_data(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DataError)
    logger.warning("unusable data: %s", exc)
    return problem_response(ProblemType.UNUSABLE_DATA, 422, exc.user_message)


async def _on_infrastructure(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InfrastructureError)
    logger.error("infrastructure unavailable: %s", exc)
    return problem_response(ProblemType.UNAVAILABLE, 503, exc.user_message)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    failures = [_describe_failure(error) for error in exc.errors()]
    errors = [FieldProblem(field=f.field, message=f.message) for f in failures]
    parts = [f"«{f.field}» — {f.message}" for f in failures]
    detail = "Неверные параметры запроса: " + "; ".join(parts) + "."
    return problem_response(ProblemType.INVALID_PARAMETER, 422, detail, errors=errors)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    default = (PROBLEM_TITLES_RU[ProblemType.HTTP], f"Ошибка HTTP {exc.status_code}.")
    title, detail = HTTP_PROBLEMS_RU.get(exc.status_code, default)
    return problem_response(
        ProblemType.HTTP, exc.status_code, detail, headers=exc.headers, title=title
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    detail = "Внутренняя ошибка сервера. Повторите попытку позже."
    return problem_response(ProblemType.INTERNAL, 500, detail)


def _describe_failure(error: Mapping[str, Any]) -> _Failure:
    """Turn one pydantic validation error into a field name and a Russian message."""
    # A location is like ("query", "kind", 0): the source, the name, a list index.
    location = [
        part
        for part in error.get("loc", ())
        if isinstance(part, str) and part not in _LOC_ROOTS
    ]
    field = ".".join(location) or "запрос"
    kind: str = error.get("type", "")
    context: dict[str, Any] = error.get("ctx") or {}
    message = _message_for(kind, context)
    if kind != "missing" and error.get("input") is not None:
        message += f" (получено «{_truncate(str(error['input']))}»)"
    return _Failure(field=field, message=message)


# Where a parameter came from; the name alone is shown to the user.
_LOC_ROOTS = frozenset({"query", "path", "header", "cookie", "body"})


def _message_for(kind: str, context: dict[str, Any]) -> str:
    """Return the Russian message for a pydantic error type."""
    if kind == "missing":
        return "обязательный параметр не задан"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "нужно целое число"
    if kind in {"float_parsing", "float_type"}:
        return "нужно число"
    if kind == "greater_than_equal":
        return f"значение должно быть не меньше {context.get('ge')}"
    if kind == "less_than_equal":
        return f"значение должно быть не больше {context.get('le')}"
    if kind == "greater_than":
        return f"значение должно быть больше {context.get('gt')}"
    if kind == "less_than":
        return f"значение должно быть меньше {context.get('lt')}"
    if kind.startswith("date"):
        return "нужна дата в формате ГГГГ-ММ-ДД, например 2021-03-15"
    if kind == "enum":
        expected = (
            str(context.get("expected", "")).replace(" or ", ", ").replace("'", "")
        )
        return f"допустимые значения: {expected}"
    if kind == "string_too_short":
        shortest = context.get("min_length", 1)
        if shortest == 1:
            return "значение не может быть пустым"
        return f"значение короче {shortest} символов"
    if kind == "string_too_long":
        return f"значение длиннее {context.get('max_length')} символов"
    return "недопустимое значение"


def _truncate(value: str) -> str:
    """Shorten a value echoed in a message to :data:`MAX_ECHOED_VALUE` characters."""
    if len(value) <= MAX_ECHOED_VALUE:
        return value
    return value[: MAX_ECHOED_VALUE - 1] + "…"
