"""Indicators and progress: values checked against the unit, who submits, who validates,
imports that can run twice, evidence as a Document."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shabaka.accounts.models import AuditEntry
from shabaka.content.models import Document
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.plans import services
from shabaka.plans.models import Indicator, ProgressStatus, ProgressUpdate
from tests.factories.plans import make_activity, make_indicator
from tests.factories.projects import ProjectFactory

PERIOD = {"period_start": dt.date(2021, 1, 1), "period_end": dt.date(2021, 6, 30)}


@pytest.fixture
def activity(plan, lead, coordinator):
    return make_activity(plan.objectives.get(), lead=lead, by=coordinator, title="Trainings")


@pytest.fixture
def indicator(activity, coordinator):
    return make_indicator(activity, by=coordinator, baseline=10, target=110)


def submit(indicator, user, **kw):
    return services.progress_submit(
        indicator=indicator,
        value=kw.pop("value", 60),
        narrative=kw.pop("narrative", "Two trainings held online."),
        submitted_by=user,
        **{**PERIOD, **kw},
    )


@pytest.mark.django_db
def test_a_value_of_the_wrong_unit_is_refused_and_nothing_is_saved(activity, coordinator):
    share = make_indicator(activity, by=coordinator, unit="percentage", baseline=20, target=80)
    yes_no = make_indicator(activity, by=coordinator, unit="yes_no", baseline=0, target=1)
    entries = AuditEntry.objects.count()
    with pytest.raises(Refused, match="percentage: give a number from 0 to 100") as refused:
        submit(share, coordinator, value=140)
    assert refused.value.field == "value"
    with pytest.raises(Refused, match="yes/no answer"):
        submit(yes_no, coordinator, value=3)
    with pytest.raises(Refused, match="cannot be negative"):
        submit(make_indicator(activity, by=coordinator), coordinator, value=-1)
    assert not ProgressUpdate.objects.exists()
    assert AuditEntry.objects.count() == entries + 1  # only the third indicator's creation


@pytest.mark.django_db
def test_indicator_targets_are_checked_too(activity, coordinator):
    with pytest.raises(Refused, match="target cannot be below its baseline"):
        make_indicator(activity, by=coordinator, baseline=50, target=10)
    with pytest.raises(Refused, match="target cannot be above its baseline"):
        make_indicator(activity, by=coordinator, direction="decrease", baseline=5, target=10)
    with pytest.raises(Refused, match="percentage"):
        make_indicator(activity, by=coordinator, unit="percentage", target=120)
    with pytest.raises(Refused, match="Unknown dimension"):
        make_indicator(activity, by=coordinator, disaggregation=["shoe size"])
    assert not Indicator.objects.filter(owner_id=activity.pk).exists()


@pytest.mark.django_db
def test_period_ending_before_it_starts_is_refused(indicator, coordinator):
    with pytest.raises(Refused, match="reporting period ends"):
        submit(
            indicator,
            coordinator,
            period_start=dt.date(2021, 6, 1),
            period_end=dt.date(2021, 1, 1),
        )
    assert not indicator.updates.exists()


@pytest.mark.django_db
def test_submitted_then_validated_progress_drives_the_share_of_target(indicator, coordinator):
    update = submit(indicator, coordinator, value=60)
    assert update.status == ProgressStatus.SUBMITTED
    services.progress_validate(update=update, validated_by=coordinator)
    assert update.status == ProgressStatus.VALIDATED and update.validated_by == coordinator
    assert update.achievement.percent == Decimal("50.0")
    with pytest.raises(InvalidTransition, match="Only submitted progress can be validated"):
        services.progress_validate(update=update, validated_by=coordinator)


@pytest.mark.django_db
def test_rejection_needs_a_reason(indicator, coordinator):
    update = submit(indicator, coordinator)
    with pytest.raises(Refused, match="Say why"):
        services.progress_reject(update=update, validated_by=coordinator, reason="")
    services.progress_reject(update=update, validated_by=coordinator, reason="No evidence")
    update.refresh_from_db()
    assert update.status == ProgressStatus.REJECTED and update.rejection_reason == "No evidence"
    # A rejected period can be reported again.
    assert submit(indicator, coordinator).status == ProgressStatus.SUBMITTED
    with pytest.raises(Refused, match="already been reported"):
        submit(indicator, coordinator)


@pytest.mark.django_db
def test_disaggregated_values_follow_the_indicator_dimensions(activity, coordinator):
    indicator = make_indicator(activity, by=coordinator, disaggregation=["gender"])
    update = submit(
        indicator, coordinator, disaggregated_values={"gender": {"female": 30, "male": 30}}
    )
    assert update.disaggregated_values == {"gender": {"female": "30.00", "male": "30.00"}}
    with pytest.raises(Refused, match="not broken down by place"):
        submit(
            indicator,
            coordinator,
            period_start=dt.date(2021, 7, 1),
            period_end=dt.date(2021, 12, 31),
            disaggregated_values={"place": {"Sabha": 3}},
        )


@pytest.mark.django_db
def test_rights_per_role_through_the_pages(
    client, plan, indicator, coordinator, lead_editor, member_editor, viewer_user, staff_user
):
    url = f"/plans/{plan.pk}/indicators/{indicator.pk}/progress/"
    form = {
        "period_start": "2021-01-01",
        "period_end": "2021-06-30",
        "value": "40",
        "narrative": "Sessions held",
        "status": "validated",
    }
    # Another member's editor sees the plan but may not report on this activity.
    client.force_login(member_editor)
    assert client.get(f"/plans/{plan.pk}/indicators/{indicator.pk}/").status_code == 200
    assert client.post(url, form).status_code == 403
    # The lead organisation's editor reports; the posted status is ignored.
    client.force_login(lead_editor)
    assert client.post(url, form).status_code == 302
    update = indicator.updates.get()
    assert update.status == ProgressStatus.SUBMITTED and update.submitted_by == lead_editor
    # ...but cannot validate its own report.
    validate = f"/plans/{plan.pk}/progress/{update.pk}/validate/"
    assert client.post(validate).status_code == 403
    # A signed-in viewer outside the network does not even see the (members-only) plan.
    client.force_login(viewer_user)
    assert client.post(validate).status_code == 404
    # The coordinator validates.
    client.force_login(coordinator)
    assert client.post(validate).status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressStatus.VALIDATED and update.validated_by == coordinator


@pytest.mark.django_db
def test_the_coordinator_rejects_with_a_reason_through_the_page(
    client, plan, indicator, coordinator
):
    update = submit(indicator, coordinator)
    client.force_login(coordinator)
    url = f"/plans/{plan.pk}/progress/{update.pk}/reject/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    update.refresh_from_db()
    assert update.status == ProgressStatus.SUBMITTED
    assert client.post(url, {"reason": "Figures do not add up"}).status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressStatus.REJECTED


@pytest.mark.django_db
def test_a_wrong_unit_through_the_form_shows_the_message(client, plan, activity, coordinator):
    share = make_indicator(activity, by=coordinator, unit="percentage", baseline=0, target=50)
    client.force_login(coordinator)
    response = client.post(
        f"/plans/{plan.pk}/indicators/{share.pk}/progress/",
        {
            "period_start": "2021-01-01",
            "period_end": "2021-06-30",
            "value": "250",
            "narrative": "x",
        },
    )
    assert response.status_code == 200
    assert "give a number from 0 to 100" in response.content.decode()
    assert not share.updates.exists()


@pytest.mark.django_db
def test_evidence_is_kept_as_a_document_owned_by_the_update(indicator, coordinator, client, plan):
    pdf = SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance list", "application/pdf")
    update = submit(indicator, coordinator, evidence=pdf)
    document = Document.objects.get()
    assert document.owner == update and document.network == plan.network
    client.force_login(coordinator)
    page = client.get(f"/plans/{plan.pk}/indicators/{indicator.pk}/").content.decode()
    assert str(document.public_id) in page
    # A fake file is refused and the update is not kept either.
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", "application/pdf")
    with pytest.raises(Refused):
        submit(
            indicator,
            coordinator,
            evidence=fake,
            period_start=dt.date(2021, 7, 1),
            period_end=dt.date(2021, 12, 31),
        )
    assert indicator.updates.count() == 1


@pytest.mark.django_db
def test_project_indicators_and_idempotent_imports(staff_user):
    project = ProjectFactory()
    indicator = services.indicator_create(
        owner=project,
        title="Officials trained",
        unit="number",
        direction="increase",
        baseline=0,
        target=40,
        created_by=staff_user,
        external_ref="XM-DAC-1-ABC/result/1",
    )
    assert indicator.owner == project
    with pytest.raises(Refused, match="already exists"):
        services.indicator_create(
            owner=project,
            title="again",
            unit="number",
            direction="increase",
            created_by=staff_user,
            external_ref="XM-DAC-1-ABC/result/1",
        )
    args = {
        "indicator": indicator,
        "period_start": dt.date(2021, 1, 1),
        "period_end": dt.date(2021, 12, 31),
        "value": 20,
        "external_ref": "period-2021",
        "imported_by": staff_user,
    }
    first = services.progress_import(**args)
    entries = AuditEntry.objects.count()
    again = services.progress_import(**args)
    assert first.pk == again.pk and first.status == ProgressStatus.VALIDATED
    assert AuditEntry.objects.count() == entries
    changed = services.progress_import(**{**args, "value": 25})
    assert changed.value == 25 and indicator.updates.count() == 1
    with pytest.raises(Refused, match="external reference"):
        services.progress_import(**{**args, "external_ref": ""})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "huge", ["1e400", "-1e400", "1e15", "1E+9999999999", "1E+999999999999999999"]
)
def test_a_value_too_large_to_store_is_refused(activity, coordinator, huge):
    indicator = make_indicator(activity, by=coordinator, disaggregation=["gender"])
    with pytest.raises(Refused, match="too large"):
        submit(indicator, coordinator, disaggregated_values={"gender": {"female": huge}})
    with pytest.raises(Refused, match="too large"):
        submit(indicator, coordinator, value=huge)
    assert not indicator.updates.exists()


@pytest.mark.django_db
def test_a_huge_disaggregated_value_through_the_form_shows_a_message(
    client, plan, activity, coordinator
):
    indicator = make_indicator(activity, by=coordinator, disaggregation=["gender"])
    client.force_login(coordinator)
    response = client.post(
        f"/plans/{plan.pk}/indicators/{indicator.pk}/progress/",
        {
            "period_start": "2021-01-01",
            "period_end": "2021-06-30",
            "value": "3",
            "narrative": "x",
            "disaggregated_values": "gender: female = 1e400",
        },
    )
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert not indicator.updates.exists()
