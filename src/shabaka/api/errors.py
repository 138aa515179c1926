"""Every error is JSON of one shape: {"error": {"code", "message", "fields"?}} with the right
status: 400 bad input, 401 no credentials, 403 not allowed, 404 not found or not visible,
409 a state change that conflicts with the record's state, 429 too many failed token attempts."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from shabaka.core.errors import Conflict, Refused


def _error(api, request, status: int, code: str, message: str, fields: dict | None = None):
    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return api.create_response(request, body, status=status)


def _field_errors(errors) -> dict:
    fields: dict[str, list[str]] = {}
    for error in errors:
        location = [
            str(p) for p in error.get("loc", []) if p not in ("body", "query", "path", "payload")
        ]
        fields.setdefault(".".join(location) or "__all__", []).append(error.get("msg", "invalid"))
    return fields


class FormInvalid(Exception):
    """Bad input found by one of the apps' own forms (the same checks the pages make)."""

    def __init__(self, form, rename: dict | None = None):
        super().__init__("invalid form")
        rename = rename or {}
        self.fields = {
            rename.get(name, name): [str(m) for m in messages]
            for name, messages in form.errors.items()
        }


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int):
        super().__init__("too many attempts")
        self.retry_after = retry_after


def install(api) -> None:
    @api.exception_handler(FormInvalid)
    def form_invalid(request, exc):
        return _error(api, request, 400, "invalid", "The request is not valid.", exc.fields)

    @api.exception_handler(TooManyAttempts)
    def too_many(request, exc):
        response = _error(
            api,
            request,
            429,
            "too_many_attempts",
            "Too many requests with an invalid token from this address; try again later.",
        )
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation(request, exc):
        return _error(
            api, request, 400, "invalid", "The request is not valid.", _field_errors(exc.errors)
        )

    @api.exception_handler(Conflict)
    def conflict(request, exc):
        return _error(
            api,
            request,
            409,
            "conflict",
            exc.message,
            {exc.field: [exc.message]} if exc.field else None,
        )

    @api.exception_handler(Refused)
    def refused(request, exc):
        status = getattr(exc, "status_code", 400)
        fields = {exc.field: [exc.message]} if exc.field else None
        return _error(api, request, status, "refused", exc.message, fields)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return _error(api, request, 401, "unauthenticated", "Sign in or send a valid API token.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return _error(api, request, 403, "forbidden", "You may not do this.")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _error(api, request, 404, "not_found", "Not found.")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return _error(api, request, exc.status_code, "error", str(exc))
