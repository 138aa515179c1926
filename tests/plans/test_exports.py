"""Exports of the plan: XLSX opened with openpyxl, CSV parsed; formulas are neutralised."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from shabaka.plans import services
from tests.factories.plans import make_activity


@pytest.fixture
def exported_plan(plan, coordinator, lead):
    objective = plan.objectives.get()
    make_activity(
        objective,
        lead=lead,
        by=coordinator,
        title='=HYPERLINK("http://evil.example","click")',
        code="1.9",
        budget="1200.50",
        currency="LYD",
    )
    indicator = objective.activities.get(title="Activity 1").indicators.get()
    update = services.progress_submit(
        indicator=indicator,
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        value=25,
        narrative="@SUM(1+1) sessions",
        submitted_by=coordinator,
    )
    services.progress_validate(update=update, validated_by=coordinator)
    return plan


@pytest.mark.django_db
def test_xlsx_export_has_the_plan_activities_and_indicators(client, exported_plan, coordinator):
    client.force_login(coordinator)
    response = client.get(f"/plans/{exported_plan.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Plan", "Activities", "Indicators", "Progress", "Adaptations"]
    assert book["Plan"]["B1"].value == exported_plan.title
    activities = list(book["Activities"].iter_rows(values_only=True))
    assert activities[0][:4] == ("Objective", "Number", "Activity", "Lead organisation")
    first = activities[1]
    assert first[2] == "Activity 1" and first[5].date() == dt.date(2021, 2, 1)
    evil = [row for row in activities if row[1] == "1.9"][0]
    assert evil[2].startswith("'=HYPERLINK")  # text, not a formula
    assert evil[11] == 1200.5 and evil[12] == "LYD"
    cell = [c for c in book["Activities"]["C"] if c.value and "HYPERLINK" in c.value][0]
    assert cell.data_type == "s"
    indicators = {row[1]: row for row in book["Indicators"].iter_rows(values_only=True)}
    assert indicators["People trained 1"][8] == 25 and indicators["People trained 1"][10] == 25
    progress = list(book["Progress"].iter_rows(values_only=True))
    assert progress[1][6] == "'@SUM(1+1) sessions"


@pytest.mark.django_db
def test_csv_export_is_parseable_and_escapes_formulas(client, exported_plan, coordinator):
    client.force_login(coordinator)
    response = client.get(f"/plans/{exported_plan.pk}/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][2] == "Activity"
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["1.1"][5] == "2021-02-01"
    assert by_code["1.9"][2].startswith("'=")
    indicators = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/plans/{exported_plan.pk}/export.csv?table=indicators"
                ).content.decode()
            )
        )
    )
    assert [indicators[2][1], indicators[2][10]] == ["People trained 1", "25.0"]
    assert client.get(f"/plans/{exported_plan.pk}/export.csv?table=nope").status_code == 404


@pytest.mark.django_db
def test_exports_of_a_hidden_plan_are_404(client, plan, outsider):
    client.force_login(outsider)
    assert client.get(f"/plans/{plan.pk}/export.xlsx").status_code == 404
    assert client.get(f"/plans/{plan.pk}/export.csv").status_code == 404
