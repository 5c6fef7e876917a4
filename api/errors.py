"""One error format for every route, documented in the OpenAPI schema.

`{"detail": "<Dutch sentence>"}`, or for input mistakes
`{"detail": {"message": "<Dutch sentence>", "errors": {"<field>": "<Dutch sentence>"}}}`.
No stack trace ever reaches a response body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.edge import SECURITY_HEADERS

logger = logging.getLogger(__name__)

CHECK_INPUT = "Controleer wat u heeft ingevuld."
INTERNAL = "Er ging iets mis bij Wegwijzer. Probeer het opnieuw of vraag een medewerker."

_MESSAGES = {
    "missing": "Dit veld ontbreekt.",
    "json_invalid": "De gegevens zijn geen geldige JSON.",
    "string_type": "Dit moet tekst zijn.",
    "bool_type": "Dit moet ja of nee zijn (true of false).",
    "bool_parsing": "Dit moet ja of nee zijn (true of false).",
    "int_parsing": "Dit moet een heel getal zijn.",
    "string_too_short": "Dit veld mag niet leeg zijn.",
    "string_too_long": "Dit is te lang.",
    "string_pattern_mismatch": "Dit heeft niet de goede vorm.",
    "enum": "Kies een van de toegestane waarden.",
    "literal_error": "Kies een van de toegestane waarden.",
    "model_attributes_type": "Dit moet een object met velden zijn.",
    "dict_type": "Dit moet een object met velden zijn.",
    "list_type": "Dit moet een lijst zijn.",
    "greater_than_equal": "Dit getal is te klein.",
    "less_than_equal": "Dit getal is te groot.",
    "unknown_language": "Deze taal kent Wegwijzer niet. Kies nl, en, pl, tr, ar of uk.",
}


class FieldErrors(BaseModel):
    message: str
    errors: dict[str, str]


class ErrorBody(BaseModel):
    detail: str | FieldErrors


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these status codes, all in the one error format."""
    descriptions = {
        400: "Malformed request.",
        401: "Missing or wrong token.",
        403: "Signed in, but this branch is not yours.",
        404: "Not found, or not yours.",
        409: "Conflicts with the current state.",
        413: "The request body is over the limit (WEGWIJZER_MAX_BODY_BYTES).",
        422: "Input mistakes, explained per field in Dutch.",
        429: "Too many requests; see Retry-After.",
        503: "A part of Wegwijzer is down; nothing was changed.",
    }
    return {code: {"model": ErrorBody, "description": descriptions[code]} for code in codes}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: dict[str, str] = {}
    for error in exc.errors():
        errors.setdefault(
            _field(tuple(error.get("loc", ()))),
            _MESSAGES.get(error["type"], "Deze waarde klopt niet."),
        )
    body = ErrorBody(detail=FieldErrors(message=CHECK_INPUT, errors=errors))
    return JSONResponse(body.model_dump(), status_code=422)


# Framework messages in English, said again in Dutch.
_FRAMEWORK = {
    "There was an error parsing the body": "De gegevens konden niet worden gelezen. "
    "Stuur geldige JSON in UTF-8.",
    "Not Found": "Deze pagina of dit adres bestaat niet.",
    "Method Not Allowed": "Deze actie kan niet op dit adres.",
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail
    if isinstance(detail, str):
        detail = _FRAMEWORK.get(detail, detail)
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    # Answered outside the edge middleware: set its headers here.
    return JSONResponse(
        ErrorBody(detail=INTERNAL).model_dump(), status_code=500, headers=SECURITY_HEADERS
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
