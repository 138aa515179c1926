"""Reusable check that a CSV or XLSX export cannot run a formula when opened in a spreadsheet.

    from tests.security.formula import assert_no_formula_cells
    assert_no_formula_cells(response)          # a Django test response (CSV or XLSX)
    assert_no_formula_cells(data, kind="xlsx")  # bytes

A text cell starting with =, +, -, @ (or a tab or carriage return) must be escaped (the exports
prefix it with an apostrophe); a number is a number. In XLSX no cell may be a formula.
Returns the cell texts, for further checks.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def cells_of(data: bytes, kind: str) -> list:
    if kind == "csv":
        text = data.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))  # not read-only: keeps each cell's data type
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if cell.value is not None:
                    cells.append(cell.value)
    return cells


def assert_no_formula_cells(response_or_bytes, *, kind: str | None = None) -> list:
    if isinstance(response_or_bytes, bytes | bytearray):
        data = bytes(response_or_bytes)
    else:
        response = response_or_bytes
        data = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response_or_bytes.get("Content-Type", "")
        kind = kind or ("xlsx" if content_type.startswith(XLSX) else "csv")
    assert kind in ("csv", "xlsx"), kind
    cells = cells_of(data, kind)
    for value in cells:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            assert _is_number(value.strip()), f"unescaped formula cell: {value!r}"
    return cells
