"""IATI results (result → indicator → period with target and actual) are imported into the one
Indicator model of the plans app, owned by the project, with validated progress; importing the
same file again changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from shabaka.accounts.models import AuditEntry
from shabaka.plans.models import Indicator, ProgressStatus, ProgressUpdate
from shabaka.projects.iati.importer import import_activities
from shabaka.projects.models import Project

pytestmark = pytest.mark.django_db

ACTIVITY = """
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-DAC-47137" type="40"><narrative>ICMPD</narrative></reporting-org>
  <title><narrative>{title}</narrative></title>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <recipient-country code="LY"/>
  <result type="1" aggregation-status="1">
   <title><narrative>Networks strengthened</narrative></title>
   <indicator measure="1" ascending="1">
    <title><narrative>Networks with an adopted action plan</narrative></title>
    <baseline year="2019" value="0"/>
    <period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
     <target value="2"/><actual value="1"><comment><narrative>One plan adopted.</narrative></comment></actual></period>
    <period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
     <target value="4"/><actual value="{actual_2021}"/></period>
    <period><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
     <target value="4"/></period>
   </indicator>
   <indicator measure="2" ascending="0" ref="WAIT">
    <title><narrative>Share of requests answered late</narrative></title>
    <baseline year="2019" value="60"/>
    <period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
     <target value="20"/><actual value="35"/></period>
   </indicator>
   <indicator measure="5">
    <title><narrative>Quality of the dialogue</narrative></title>
   </indicator>
   <indicator measure="1" ascending="1">
    <title><narrative>Inconsistent: target below baseline</narrative></title>
    <baseline year="2019" value="10"/>
    <period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
     <target value="5"/><actual value="7"/></period>
   </indicator>
  </result>
 </iati-activity>"""  # noqa: E501


def iati_file(*activities) -> bytes:
    body = "".join(activities)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<iati-activities version="2.03" generated-datetime="2022-03-01T00:00:00Z">'
        f"{body}\n</iati-activities>\n"
    ).encode()


def activity(identifier="XM-DAC-47137-LIBMITAF", title="LIBMITAF", actual_2021="3"):
    return ACTIVITY.format(identifier=identifier, title=title, actual_2021=actual_2021)


def project_indicators(project):
    return Indicator.objects.filter(
        owner_type=ContentType.objects.get_for_model(Project), owner_id=project.pk
    ).order_by("order")


def test_results_become_the_projects_indicators_with_validated_progress(staff_user):
    report = import_activities(iati_file(activity()), imported_by=staff_user)
    assert report.created == ["XM-DAC-47137-LIBMITAF"] and not report.refused
    project = Project.objects.get(iati_identifier="XM-DAC-47137-LIBMITAF")
    plans, late = project_indicators(project)
    assert report.indicators_imported == 2
    assert any("qualitative" in w for w in report.warnings)
    # The plans app refuses a target below the baseline of an ascending indicator: that one
    # indicator is left out with the reason; the activity and its other results are imported.
    assert any(
        w.endswith("indicator-4: not imported (An increasing indicator's target cannot be below "
                   "its baseline.)")
        for w in report.warnings
    ), report.warnings  # fmt: skip
    assert (plans.title, plans.unit, plans.direction) == (
        "Networks with an adopted action plan",
        "number",
        "increase",
    )
    assert (plans.baseline, plans.baseline_year, plans.target, plans.target_date) == (
        Decimal("0.00"),
        2019,
        Decimal("4.00"),
        date(2022, 12, 31),
    )
    assert (late.unit, late.direction, late.baseline, late.target) == (
        "percentage",
        "decrease",
        Decimal("60.00"),
        Decimal("20.00"),
    )
    assert late.external_ref.endswith("/indicator-WAIT")
    updates = list(plans.updates.order_by("period_start"))
    assert [(u.period_start, u.value, u.period_target, u.status) for u in updates] == [
        (date(2020, 1, 1), Decimal("1.00"), Decimal("2.00"), ProgressStatus.VALIDATED),
        (date(2021, 1, 1), Decimal("3.00"), Decimal("4.00"), ProgressStatus.VALIDATED),
    ]  # the 2022 period has no actual value yet: no progress
    assert updates[0].narrative == "One plan adopted."
    # The percentage of the target reached is computed: 3 of 4 from a baseline of 0.
    assert plans.achievement_of(updates[-1].value).percent == Decimal("75.0")


def test_importing_the_same_file_again_changes_nothing(staff_user):
    data = iati_file(activity())
    import_activities(data, imported_by=staff_user)
    counts = (Indicator.objects.count(), ProgressUpdate.objects.count())
    audits = AuditEntry.objects.count()
    report = import_activities(data, imported_by=staff_user)
    assert report.unchanged == ["XM-DAC-47137-LIBMITAF"]
    assert report.indicators_imported == 0
    assert (Indicator.objects.count(), ProgressUpdate.objects.count()) == counts
    assert AuditEntry.objects.count() == audits


def test_a_changed_actual_value_updates_the_progress_in_place(staff_user):
    import_activities(iati_file(activity()), imported_by=staff_user)
    import_activities(iati_file(activity(actual_2021="4")), imported_by=staff_user)
    project = Project.objects.get()
    indicator = project_indicators(project).first()
    assert list(indicator.updates.order_by("period_start").values_list("value", flat=True)) == [
        Decimal("1.00"),
        Decimal("4.00"),
    ]
    assert Indicator.objects.count() == 2


def test_two_projects_keep_their_own_indicators(staff_user):
    report = import_activities(
        iati_file(activity(), activity(identifier="XM-DAC-47137-SIMM", title="SIMM")),
        imported_by=staff_user,
    )
    assert len(report.created) == 2 and report.indicators_imported == 4
    for project in Project.objects.all():
        assert project_indicators(project).count() == 2
        assert all(
            i.external_ref.startswith(project.iati_identifier + "/")
            for i in project_indicators(project)
        )


def test_the_project_page_shows_the_imported_indicators(client, staff_user):
    import_activities(iati_file(activity()), imported_by=staff_user)
    project = Project.objects.get()
    page = client.get(f"/projects/{project.slug}/").content.decode()
    assert "Networks with an adopted action plan" in page and "75.0%" in page
