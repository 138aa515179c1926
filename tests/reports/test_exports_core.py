"""core/exports.py: formula escaping, CSV streaming, XLSX in write-only mode."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from shabaka.core.exports import csv_response, safe_cell, write_xlsx, xlsx_response


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tindent", "\rreturn", '=HYPERLINK("http://x")'],
)
def test_text_read_as_a_formula_is_prefixed_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


def test_ordinary_values_keep_their_type():
    assert safe_cell("Tripoli") == "Tripoli"
    assert safe_cell("طرابلس") == "طرابلس"
    assert safe_cell(-5) == -5  # a number is not a formula
    assert safe_cell(Decimal("1.50")) == Decimal("1.50")
    assert safe_cell(date(2021, 1, 26)) == date(2021, 1, 26)
    assert safe_cell(None) == ""


def _read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_round_trips_with_arabic_and_escaped_formulas():
    rows = [["=cmd|' /C calc'!A0", 3, date(2021, 1, 26)], ["ورشة عمل", -1, None]]
    response = csv_response(filename="t", header=["Title", "N", "Day"], rows=rows)
    assert response["Content-Disposition"] == 'attachment; filename="t.csv"'
    assert _read_csv(response) == [
        ["Title", "N", "Day"],
        ["'=cmd|' /C calc'!A0", "3", "2021-01-26"],
        ["ورشة عمل", "-1", ""],
    ]


def test_csv_response_starts_before_the_last_row_is_read():
    read = []

    def rows():
        for n in range(10_000):
            read.append(n)
            yield [n, f"row {n} of a list long enough to fill several pieces of the response"]

    response = csv_response(filename="t", header=["n", "text"], rows=rows())
    assert isinstance(response, StreamingHttpResponse)
    assert read == []  # nothing read before the response is sent
    content = iter(response.streaming_content)
    next(content)
    next(content)
    # The header and the first piece (about 32 KB) are out; most rows are still unread.
    assert 0 < len(read) < 10_000


def test_xlsx_round_trips_through_openpyxl():
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        header=["Title", "N", "Day"],
        rows=[["@SUM(1)", 3, date(2021, 1, 26)], ["مشاورة", Decimal("2.5"), None]],
        title="Events",
    )
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Events"
    assert values[0] == ["Title", "N", "Day"]
    assert values[1][0] == "'@SUM(1)" and values[1][1] == 3
    assert values[1][2].date() == date(2021, 1, 26)
    assert values[2][:2] == ["مشاورة", 2.5]


def test_xlsx_response_is_an_attachment():
    response = xlsx_response(filename="t", header=["a"], rows=[[1]])
    body = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment")
    assert load_workbook(io.BytesIO(body)).active["A2"].value == 1
