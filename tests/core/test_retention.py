"""Data minimisation: past participants' personal data is anonymised after the retention period,
unless linked to a user or a current role or a recent event; counts stay the same; audited; the
audit log loses the values too; a dry run changes nothing."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from shabaka.accounts.audit import audit_created
from shabaka.accounts.models import AuditEntry
from shabaka.directory.models import Person
from shabaka.events.models import Event, Participation
from shabaka.events.selectors import participant_counts
from shabaka.operations.retention import ANONYMISED_NAME, anonymise_past_participants
from tests.factories.directory import PersonFactory
from tests.factories.events import EventFactory, ParticipationFactory

UTC = ZoneInfo("UTC")


@pytest.fixture
def people(settings, make_user, db):
    settings.PARTICIPANT_RETENTION_DAYS = 365
    now = timezone.now()
    old = EventFactory(
        starts_at=now - timedelta(days=800), ends_at=now - timedelta(days=799), status="held"
    )
    recent = EventFactory(
        starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=29), status="held"
    )
    gone = [PersonFactory(gender=g) for g in ("female", "female", "male")]
    for person in gone:
        from django.db import transaction

        with transaction.atomic():
            audit_created(actor=None, obj=person)
        ParticipationFactory(event=old, person=person)
    with_user = PersonFactory(user=make_user())
    ParticipationFactory(event=old, person=with_user)
    came_back = PersonFactory()
    ParticipationFactory(event=old, person=came_back)
    ParticipationFactory(event=recent, person=came_back)
    only_recent = PersonFactory()
    ParticipationFactory(event=recent, person=only_recent)
    return {
        "old": old,
        "gone": gone,
        "kept": [with_user, came_back, only_recent],
    }


def _counts():
    return participant_counts(events_queryset=Event.objects.all())


def test_past_participants_are_anonymised_and_counts_stay(people):
    before_counts = _counts()
    before_rows = Participation.objects.count()
    genders = sorted(p.gender for p in people["gone"])
    kept = {p.pk: (p.full_name, p.email, p.phone) for p in people["kept"]}
    report = anonymise_past_participants()
    assert sorted(report.anonymised) == sorted(p.pk for p in people["gone"])
    assert report.kept_linked_to_user == 1 and report.kept_recent_event == 1
    for person in Person.objects.filter(pk__in=report.anonymised):
        assert (person.full_name, person.email, person.phone) == (ANONYMISED_NAME, "", "")
        assert not person.is_public
    assert (
        sorted(Person.objects.filter(pk__in=report.anonymised).values_list("gender", flat=True))
        == genders
    )
    for pk, values in kept.items():
        p = Person.objects.get(pk=pk)
        assert (p.full_name, p.email, p.phone) == values
    assert Participation.objects.count() == before_rows
    assert _counts() == before_counts


def test_the_audit_log_records_it_and_forgets_the_values(people):
    person = people["gone"][0]
    email, name = person.email, person.full_name
    anonymise_past_participants()
    entries = AuditEntry.objects.filter(object_id=str(person.pk), content_type__model="person")
    assert entries.filter(reason__startswith="Retention").count() == 1
    text = " ".join(str(e.changes) + e.object_repr for e in entries)
    assert email not in text and name not in text


def test_a_current_focal_point_is_kept(people):
    from shabaka.dialogues.models import AppointmentStatus, FocalPointAppointment
    from tests.factories.dialogues import DialogueFactory, GovernmentBodyFactory

    person = people["gone"][0]
    body = GovernmentBodyFactory()
    FocalPointAppointment.objects.create(
        dialogue=DialogueFactory(),
        country=body.country,
        function="national",
        person=person,
        government_body=body,
        started_on=datetime(2020, 1, 1, tzinfo=UTC).date(),
        status=AppointmentStatus.APPOINTED,
        act_reference="Decree 1/2020",
        act_date=datetime(2020, 1, 1, tzinfo=UTC).date(),
    )
    report = anonymise_past_participants()
    assert person.pk not in report.anonymised
    assert report.kept_current_role == 1


def test_dry_run_reports_and_changes_nothing(people):
    snapshot = list(Person.objects.values_list("pk", "full_name", "email", "phone"))
    out = io.StringIO()
    call_command("anonymise_past_participants", "--dry-run", stdout=out)
    assert "3 person(s) would be anonymised" in out.getvalue()
    assert list(Person.objects.values_list("pk", "full_name", "email", "phone")) == snapshot


def test_the_command_is_idempotent(people):
    out = io.StringIO()
    call_command("anonymise_past_participants", stdout=out)
    assert "3 person(s) anonymised" in out.getvalue()
    out = io.StringIO()
    call_command("anonymise_past_participants", stdout=out)
    assert "0 person(s) anonymised" in out.getvalue()
