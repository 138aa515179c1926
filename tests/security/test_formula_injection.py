"""Every CSV and XLSX export of the site (found in the URL resolver by its .csv/.xlsx path, so
a new export is covered) escapes cells that a spreadsheet would run as a formula. The demo's
titles, names and summaries are first rewritten to start with =, +, - and @."""

import itertools

import pytest
from django.apps import apps
from django.db import models

from tests.security.formula import assert_no_formula_cells
from tests.security.routes import site_routes, targets

HOSTILE = itertools.cycle(
    ['=HYPERLINK("http://evil.example","x")&', "+cmd|' /C calc'!A0 ", "-2+3+", "@SUM(1+1) "]
)
FIELDS = ("title", "name", "name_en", "summary", "description", "narrative", "note", "reason")


def _poison_text_fields() -> int:
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("shabaka."):
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if f.name in FIELDS
            and isinstance(f, models.CharField | models.TextField)
            and not f.unique
            and not f.choices
        ]
        if not names:
            continue
        for obj in model._default_manager.all():
            values = {}
            for name in names:
                value = getattr(obj, name) or ""
                field = model._meta.get_field(name)
                prefix = next(HOSTILE)
                new = (prefix + value)[: field.max_length] if field.max_length else prefix + value
                values[name] = new
            model._default_manager.filter(pk=obj.pk).update(**values)
            changed += 1
    return changed


EXPORTS = [
    r
    for r in site_routes()
    if (r.route.endswith((".csv", ".xlsx")) or "export" in r.name) and not r.route.endswith(".xml")
]


def test_the_site_has_exports_to_check():
    names = {r.name for r in EXPORTS}
    assert {"plans:plan_export_csv", "plans:plan_export_xlsx"} <= names


@pytest.mark.parametrize("route", EXPORTS, ids=[r.name for r in EXPORTS])
def test_exports_escape_formula_cells(route, demo_db, client):
    assert _poison_text_fields() > 10
    client.force_login(demo_db.users["staff"])
    escaped = 0
    for target in targets(route, demo_db):
        urls = [target.url]
        if route.name == "plans:plan_export_csv":
            from shabaka.plans.exports import TABLES

            urls = [f"{target.url}?table={table}" for table in TABLES]
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            cells = assert_no_formula_cells(response)
            escaped += sum(
                1 for c in cells if isinstance(c, str) and c.startswith(("'=", "'+", "'-", "'@"))
            )
    # The hostile values did reach the export, escaped.
    assert escaped > 0, f"{route.name}: no hostile value reached the export"


def test_the_helper_catches_an_unescaped_formula():
    import io

    from openpyxl import Workbook

    with pytest.raises(AssertionError):
        assert_no_formula_cells(b"a,b\r\n=1+1,2\r\n", kind="csv")
    assert_no_formula_cells(b"a,b\r\n-5,'=1+1\r\n", kind="csv")
    workbook = Workbook()
    workbook.active.append(["=SUM(A1:A2)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(AssertionError):
        assert_no_formula_cells(buffer.getvalue(), kind="xlsx")
