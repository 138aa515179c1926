"""Exports of a list to CSV or XLSX, whatever its length, in bounded memory.

- CSV streams: a `StreamingHttpResponse` over a generator, fed by a queryset read with
  `.iterator(chunk_size=...)`. The response starts before the last row is read and memory does
  not grow with the number of rows.
- XLSX is written by openpyxl in write-only mode (rows go straight to a temporary file on disk,
  never held as cells in memory) and the file is then sent from disk.
- Every text cell that a spreadsheet would read as a formula (beginning with =, +, -, @, a tab or
  a carriage return) is prefixed with an apostrophe: opening an export never runs anything.

A caller gives a header and an iterable of rows (lists of values); `export_response` picks the
format. Numbers, dates and booleans keep their type in XLSX."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
CSV_PIECE = 32 * 1024
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value safe to put in a cell: numbers and dates as they are, None as empty, booleans as
    yes/no, text that could be read as a formula prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        # Spreadsheets know no time zones: local time of the site, without the offset.
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(row: Iterable) -> list:
    return [safe_cell(v) for v in row]


class _Echo:
    """A file-like object whose write returns the text, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text line by line: a byte-order mark first (so spreadsheet programs read the
    Arabic as UTF-8), then the header, then one line per row."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(safe_row(header))
    # Lines go out in pieces of about 32 KB: few writes to the socket, little memory held.
    piece, size = [], 0
    for row in rows:
        line = writer.writerow([_csv_text(v) for v in safe_row(row)])
        piece.append(line)
        size += len(line)
        if size >= CSV_PIECE:
            yield "".join(piece)
            piece, size = [], 0
    if piece:
        yield "".join(piece)


def _csv_text(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_response(*, filename: str, header: list[str], rows: Iterable[Iterable]):
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def write_xlsx(fileobj, *, header: list[str], rows: Iterable[Iterable], title: str = "") -> None:
    """Write the rows to `fileobj` as an XLSX workbook, in openpyxl's write-only mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or _("Export"))[:31])
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    workbook.save(fileobj)


def xlsx_response(*, filename: str, header: list[str], rows: Iterable[Iterable], title: str = ""):
    # A temporary file, deleted when the response closes it: the workbook never sits in memory.
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    write_xlsx(spool, header=header, rows=rows, title=title)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response


def export_response(
    *, fmt: str, filename: str, header: list[str], rows: Iterable[Iterable], title: str = ""
):
    """The export in `fmt` ("csv" or "xlsx"); any other format is a 404."""
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(filename=filename, header=header, rows=rows, title=title)
    raise Http404


def iterate(queryset, chunk_size: int = CHUNK_SIZE):
    """Read a queryset in chunks (prefetches included), never the whole of it at once."""
    return queryset.iterator(chunk_size=chunk_size)


def chunks(queryset, chunk_size: int = CHUNK_SIZE):
    """The queryset read as in `iterate`, handed over as lists of up to chunk_size records, for
    exports that add columns a chunk at a time (directory.selectors.add_directory_columns)."""
    batch = []
    for record in queryset.iterator(chunk_size=chunk_size):
        batch.append(record)
        if len(batch) == chunk_size:
            yield batch
            batch = []
    if batch:
        yield batch
