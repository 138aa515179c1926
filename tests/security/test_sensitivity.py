"""Nothing above public reaches the public: every value of every field declared restricted or
confidential (shabaka.core.sensitivity, declared in the models) is looked for in what an
anonymous visitor gets: public pages, the Atom and iCal feeds, the public API, search results
and the donor exports (IATI, plan CSV/XLSX, framework XLSX)."""

import io
import re

import pytest
from django.test import Client

from shabaka.core.sensitivity import check_declarations, non_public_values
from tests.security.routes import site_routes, targets
from tests.security.test_permission_matrix import _body, expected

# Shorter values (initials, a two-letter code) would match by chance.
MIN_LENGTH = 8


def test_sensitivity_declarations_name_real_fields_and_cover_personal_ones():
    assert check_declarations() == []


def _text(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return data.decode(errors="replace")


def _public_outputs(demo):
    """(what, text) for everything the anonymous visitor may read."""
    client = Client()
    for route in site_routes():
        for target in targets(route, demo):
            if "anonymous" not in expected(route.name, target.variant)[0]:
                continue
            response = client.get(target.url)
            if response.status_code == 200:
                yield target.url, _text(response)
    api = client.get("/api/v1/openapi.json").json()
    for path, operations in api["paths"].items():
        if "get" in operations and "{" not in path:
            response = client.get(path)
            if response.status_code == 200:
                yield path, _body(response)
    for term in ("placeholder", "Representative", "example", "invalid", "Private", "Tripoli"):
        for url in (f"/search/?q={term}", f"/api/v1/search?q={term}"):
            response = client.get(url)
            assert response.status_code in (200, 400, 422), url
            yield url, _body(response)


@pytest.mark.django_db
def test_public_outputs_show_nothing_above_public(demo_db):
    secrets = [
        (label, field, level, value)
        for label, field, level, value in non_public_values(min_length=MIN_LENGTH)
    ]
    # The demo (with the test's additions) does hold such values, of several kinds.
    kinds = {(label, field) for label, field, _l, _v in secrets}
    assert {("directory.Person", "email"), ("directory.Person", "full_name")} <= kinds
    assert ("directory.Organisation", "name") in kinds
    assert ("directory.Organisation", "email") in kinds
    outputs = list(_public_outputs(demo_db))
    assert len(outputs) > 50
    leaks = []
    for where, text in outputs:
        for label, field, level, value in secrets:
            if re.search(re.escape(value), text):
                leaks.append(f"{where}: {label}.{field} ({level}) {value!r}")
    assert not leaks, "\n".join(sorted(set(leaks))[:50])
