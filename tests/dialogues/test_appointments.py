from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from shabaka.accounts.models import AuditEntry
from shabaka.content.models import Document
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.dialogues import selectors, services
from shabaka.dialogues.models import (
    AppointmentStatus,
    FocalPointAppointment,
    FocalPointFunction,
    HandoverItem,
)
from tests.dialogues.conftest import FEB_2022
from tests.factories.dialogues import DialogueFactory, OfficialFactory
from tests.factories.directory import CountryFactory, PersonFactory


def audit_of(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def test_a_new_appointment_ends_the_previous_one_on_its_start_date(appoint):
    earlier = appoint(date(2017, 3, 1))
    newer = appoint(FEB_2022)
    earlier.refresh_from_db()
    assert earlier.status == AppointmentStatus.ENDED
    assert earlier.ended_on == FEB_2022
    assert newer.status == AppointmentStatus.APPOINTED
    assert newer.ended_on is None
    assert newer.previous == earlier
    # The ending is audited as a transition with the old and new values.
    entry = audit_of(earlier).get(action="transition")
    assert entry.changes["ended_on"] == [None, "2022-02-01"]
    assert entry.changes["status"] == ["appointed", "ended"]


def test_the_history_lists_every_holder_in_order(appoint, libya):
    people = [OfficialFactory() for _ in range(3)]
    for person, start in zip(people, [date(2017, 1, 1), date(2019, 6, 1), FEB_2022], strict=True):
        appoint(start, person=person)
    history = list(selectors.appointment_history(country=libya))
    assert [a.person for a in history] == people
    assert [(a.started_on, a.ended_on) for a in history] == [
        (date(2017, 1, 1), date(2019, 6, 1)),
        (date(2019, 6, 1), FEB_2022),
        (FEB_2022, None),
    ]


def test_an_appointment_starting_on_or_before_the_current_one_is_refused(appoint):
    current = appoint(FEB_2022)
    for start in (FEB_2022, date(2021, 5, 1)):
        with pytest.raises(Refused, match="held since 2022-02-01"):
            appoint(start)
    current.refresh_from_db()
    assert current.status == AppointmentStatus.APPOINTED and current.ended_on is None
    assert FocalPointAppointment.objects.count() == 1


def test_a_past_appointment_overlapping_the_history_is_refused(appoint):
    appoint(date(2017, 1, 1))
    appoint(FEB_2022)
    with pytest.raises(Refused, match="overlaps"):
        appoint(date(2018, 1, 1), ended_on=date(2019, 1, 1))
    assert FocalPointAppointment.objects.count() == 2


def test_a_past_appointment_before_the_history_is_recorded_without_touching_it(appoint):
    current = appoint(FEB_2022)
    past = appoint(date(2015, 1, 1), ended_on=date(2017, 1, 1))
    assert past.status == AppointmentStatus.ENDED
    current.refresh_from_db()
    assert current.status == AppointmentStatus.APPOINTED and current.ended_on is None


def test_other_functions_and_dialogues_are_separate_posts(appoint, libya):
    national = appoint(FEB_2022)
    appoint(FEB_2022, function=FocalPointFunction.ALTERNATE)
    other = DialogueFactory()
    other.partner_states.create(country=libya, status="member")
    appoint(FEB_2022, dialogue=other)
    national.refresh_from_db()
    assert national.ended_on is None
    assert FocalPointAppointment.objects.filter(status="appointed").count() == 3


def test_only_a_person_of_a_government_body_of_the_state_can_be_appointed(appoint):
    cso_person = PersonFactory()  # of a civil-society organisation
    with pytest.raises(Refused, match="government body") as caught:
        appoint(FEB_2022, person=cso_person)
    assert caught.value.field == "person"
    italian = OfficialFactory(organisation__country=CountryFactory(code="IT"))
    with pytest.raises(Refused, match="government body"):
        appoint(FEB_2022, person=italian)
    assert not FocalPointAppointment.objects.exists()


def test_a_state_that_does_not_take_part_gets_no_focal_point(staff_user):
    tunisia = CountryFactory(code="TN")
    dialogue = DialogueFactory()
    with pytest.raises(Refused, match="does not take part"):
        services.appointment_create(
            dialogue=dialogue,
            country=tunisia,
            function=FocalPointFunction.NATIONAL,
            person=OfficialFactory(organisation__country=tunisia),
            started_on=FEB_2022,
            act_reference="Decree 1",
            act_date=FEB_2022,
            created_by=staff_user,
        )


def test_an_appointment_needs_the_reference_of_its_act(appoint):
    with pytest.raises(Refused) as caught:
        appoint(FEB_2022, act_reference="  ")
    assert caught.value.field == "act_reference"
    assert not FocalPointAppointment.objects.exists()


def test_the_act_document_belongs_to_the_appointment_and_is_staff_only(appoint):
    pdf = SimpleUploadedFile(
        "decree.pdf", b"%PDF-1.4\n%demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    appointment = appoint(FEB_2022, act_upload=pdf)
    document = appointment.act_document
    assert document is not None
    assert document.owner == appointment
    assert document.visibility == "staff"
    assert Document.objects.count() == 1


def test_a_new_appointment_gets_a_handover_checklist_ticked_through_the_services(
    appoint, staff_user
):
    appointment = appoint(FEB_2022)
    steps = {s.item: s for s in appointment.handover_steps.all()}
    assert set(steps) == set(HandoverItem.values)
    assert not any(s.done for s in steps.values())
    step = services.handover_tick(
        appointment=appointment, item=HandoverItem.DOCUMENTS, done_by=staff_user
    )
    assert step.done and step.done_by == staff_user
    assert audit_of(step).filter(actor=staff_user).exists()
    services.handover_untick(
        appointment=appointment, item=HandoverItem.DOCUMENTS, done_by=staff_user
    )
    step.refresh_from_db()
    assert not step.done
    assert audit_of(step).count() == 2


def test_an_ended_appointment_has_a_closed_checklist(appoint, staff_user):
    earlier = appoint(date(2017, 1, 1))
    appoint(FEB_2022)
    with pytest.raises(InvalidTransition):
        services.handover_tick(appointment=earlier, item=HandoverItem.BRIEFING, done_by=staff_user)


def test_ending_an_appointment_without_successor(appoint, staff_user):
    appointment = appoint(FEB_2022)
    with pytest.raises(Refused):
        services.appointment_end(
            appointment=appointment, ended_on=date(2023, 1, 1), reason=" ", ended_by=staff_user
        )
    with pytest.raises(Refused):
        services.appointment_end(
            appointment=appointment, ended_on=FEB_2022, reason="Resigned", ended_by=staff_user
        )
    services.appointment_end(
        appointment=appointment, ended_on=date(2023, 1, 1), reason="Resigned", ended_by=staff_user
    )
    assert appointment.status == "ended" and appointment.ended_on == date(2023, 1, 1)
    with pytest.raises(InvalidTransition):
        services.appointment_end(
            appointment=appointment, ended_on=date(2024, 1, 1), reason="Again", ended_by=staff_user
        )
    # The post is vacant: the next appointment has no predecessor to end.
    newer = appoint(date(2023, 6, 1))
    assert newer.previous is None
    appointment.refresh_from_db()
    assert appointment.ended_on == date(2023, 1, 1)


def test_a_new_appointment_overlapping_an_ended_one_is_refused(appoint, staff_user):
    appointment = appoint(FEB_2022)
    services.appointment_end(
        appointment=appointment, ended_on=date(2023, 1, 1), reason="Resigned", ended_by=staff_user
    )
    with pytest.raises(Refused, match="overlaps"):
        appoint(date(2022, 6, 1))


def test_current_focal_points_include_the_one_due_to_start(appoint, libya):
    earlier = appoint(date(2017, 1, 1))
    later = appoint(date(2030, 1, 1))
    current = set(selectors.current_appointments(today=date(2025, 1, 1)).filter(country=libya))
    assert current == {earlier, later}
    earlier.refresh_from_db()
    assert earlier.held_on(date(2025, 1, 1)) and not later.held_on(date(2025, 1, 1))
