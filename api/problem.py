"""Errors as ``application/problem+json`` (RFC 9457): one exception type and the app's handlers.

Routes raise :class:`ProblemError`; validation errors, HTTP errors and anything unexpected are
turned into problem documents too, so a client always gets the same shape.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
PROBLEM_TYPE_BASE: Final = "https://w3id.org/mnpia/problem/"

_log = logging.getLogger(__name__)


class ProblemError(Exception):
    """An error the API reports as a problem document.

    Args:
        status: the HTTP status.
        title: a short summary that does not change between occurrences of the problem.
        detail: what went wrong this time (the parser's message, the name that matched nothing).
        kind: the last segment of the problem ``type`` URI (``malformed-query`` …).
        extensions: more members of the document (``candidates``, ``suggestions`` …).
        headers: HTTP headers to add to the response.
    """

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        kind: str,
        extensions: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.extensions = extensions or {}
        self.headers = headers or {}


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str,
    instance: str | None = None,
    extensions: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions or {})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


async def _problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status,
        exc.title,
        exc.detail,
        kind=exc.kind,
        instance=request.url.path,
        extensions=exc.extensions,
        headers=exc.headers,
    )


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
    return problem_response(
        422,
        "Invalid request parameters",
        detail,
        kind="invalid-parameters",
        instance=request.url.path,
        extensions={"errors": errors},
    )


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(
        exc.status_code,
        "HTTP error",
        str(exc.detail),
        kind="http",
        instance=request.url.path,
        headers=dict(exc.headers or {}),
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    _log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(
        500,
        "Internal server error",
        f"{type(exc).__name__}: {exc}",
        kind="internal",
        instance=request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a problem document."""
    app.add_exception_handler(ProblemError, _problem)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)


def document_problems(schema: dict[str, Any], problem_schema: dict[str, Any]) -> dict[str, Any]:
    """Make the OpenAPI ``schema`` say what the app sends on errors: every 4xx and 5xx response
    is ``application/problem+json`` with ``problem_schema`` (FastAPI documents its 422 as
    ``application/json``, and the routes' own error responses have no content).

    >>> doc = {"paths": {"/x": {"get": {"responses": {"200": {}, "404": {"description": "no"}}}}}}
    >>> out = document_problems(doc, {"title": "Problem", "type": "object"})
    >>> list(out["paths"]["/x"]["get"]["responses"]["404"]["content"])
    ['application/problem+json']
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = problem_schema
    reference = {"$ref": "#/components/schemas/Problem"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if str(status)[:1] in ("4", "5"):
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": reference}}
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema
