from ninja import Schema


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


class ReasonIn(Schema):
    reason: str = ""
