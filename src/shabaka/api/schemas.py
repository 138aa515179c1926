import re
from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    error: ErrorBody


# The error responses every operation may give (documented so clients and fuzzers know them).
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    429: ErrorOut,
}


class Page(Schema):
    count: int
    page: int
    pages: int


class StrictIn(Schema):
    """A request body: a JSON object with the documented fields only. An unknown field (a
    `status`, an `ended_on`) or a body of another type (`false`, a list) is a 400 that changes
    nothing, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ReasonIn(StrictIn):
    reason: str = ""


def _iso_date(value):
    """Dates only as ISO 8601 text (2021-01-26) or date objects: a number is not a date."""
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError("Give the date as YYYY-MM-DD.")
        return value
    if isinstance(value, date) or value is None:
        return value
    raise ValueError("Give the date as YYYY-MM-DD.")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
