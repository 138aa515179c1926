"""Hostile files sent to the organisation import are refused early, in bounded memory: a
workbook of a few hundred KB that unpacks to a huge sheet, one that declares a huge unpacked
size, and a CSV with far more rows than the cap. Before, a 511 KB workbook took 47 s of CPU
and 784 MB before the row cap refused it."""

import io
import tracemalloc
import zipfile

import pytest

from shabaka.core.errors import Refused
from shabaka.directory import importing

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        "</Relationships>"
    ),
}


def workbook(rows: int, *, padding: int = 0) -> bytes:
    """An XLSX whose one sheet has a 'name' header and `rows` rows, written by hand: compressed,
    a few hundred KB; `padding` bytes of blank space inflate the unpacked size."""
    sheet = io.StringIO()
    sheet.write(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    sheet.write('<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>')
    for n in range(2, rows + 2):
        sheet.write(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Org {n}</t></is></c></row>')
    sheet.write(" " * padding + "</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buffer.getvalue()


def refused_with_peak(filename: str, data: bytes) -> tuple[str, int]:
    tracemalloc.start()
    try:
        with pytest.raises(Refused) as refusal:
            importing.parse_file(filename=filename, data=data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refusal.value.message, peak


def test_a_workbook_far_over_the_row_cap_is_refused_in_little_memory():
    data = workbook(200_000)
    assert len(data) < importing.MAX_BYTES
    message, peak = refused_with_peak("orgs.xlsx", data)
    assert f"At most {importing.MAX_ROWS} rows" in message
    assert peak < 40 * 2**20


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read():
    data = workbook(10, padding=importing.MAX_UNPACKED_BYTES)
    assert len(data) < importing.MAX_BYTES
    message, peak = refused_with_peak("orgs.xlsx", data)
    assert "unpacks to more than" in message
    assert peak < 5 * 2**20


def test_a_csv_far_over_the_row_cap_is_refused():
    data = ("name\n" + "".join(f"Org {n}\n" for n in range(100_000))).encode()
    message, _peak = refused_with_peak("orgs.csv", data[: importing.MAX_BYTES])
    assert f"At most {importing.MAX_ROWS} rows" in message


def test_a_workbook_at_the_cap_is_read():
    rows = importing.parse_file(filename="orgs.xlsx", data=workbook(importing.MAX_ROWS))
    assert len(rows) == importing.MAX_ROWS and rows[-1]["name"] == f"Org {importing.MAX_ROWS + 1}"
