"""Participant figures are counts only, and match what the test counts itself."""

from collections import Counter
from datetime import date

import pytest

from shabaka.directory.models import OrganisationKind
from shabaka.events import services
from shabaka.events.models import Event
from shabaka.events.selectors import participant_counts
from tests.factories.directory import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
)
from tests.factories.events import EventFactory, ParticipationFactory
from tests.factories.networks import NetworkFactory


@pytest.mark.django_db
def test_counts_by_gender_kind_network_and_place(staff_user):
    tripoli, italy = PlaceFactory(code="LY021104"), CountryFactory(code="IT")
    first = EventFactory(place=tripoli)
    second = EventFactory(place=None, country=italy, time_zone="Europe/Rome")
    unrelated = EventFactory()
    networks = [NetworkFactory(slug="net-a"), NetworkFactory(slug="net-b")]
    kinds = [OrganisationKind.CSO, OrganisationKind.GOVERNMENT]
    genders = ["female", "male", "female", "undisclosed", "female", "male", "male"]
    expected = {"gender": Counter(), "kind": Counter(), "network": Counter(), "place": Counter()}
    for i, gender in enumerate(genders):
        event = first if i < 4 else second
        organisation = OrganisationFactory(kind=kinds[i % 2])
        network = networks[i % 2] if i != 6 else None
        participation = ParticipationFactory(
            event=event,
            person=PersonFactory(gender=gender, organisation=organisation),
            network=network,
        )
        services.attendance_record(
            participation=participation, day=event.days[0], mode="in_person", recorded_by=staff_user
        )
        expected["gender"][gender] += 1
        expected["kind"][kinds[i % 2]] += 1
        expected["network"][network.slug if network else "none"] += 1
        expected["place"]["LY021104" if event == first else "IT"] += 1
    # Registered but never attended: not counted. At an unrelated event: not counted.
    ParticipationFactory(event=first, person=PersonFactory(gender="male"))
    other = ParticipationFactory(event=unrelated)
    services.attendance_record(
        participation=other, day=date(2021, 1, 26), mode="online", recorded_by=staff_user
    )

    counts = participant_counts(events_queryset=Event.objects.filter(pk__in=[first.pk, second.pk]))

    assert counts["total"] == len(genders)
    assert counts["by_gender"] == dict(expected["gender"])
    assert counts["by_organisation_kind"] == dict(expected["kind"])
    assert counts["by_network"] == dict(expected["network"])
    assert counts["by_place"] == dict(expected["place"])
    assert counts["attendance_days_by_mode"] == {"in_person": 7, "online": 0}
    # Counts only: no names, no ids of people anywhere in the result.
    assert "Placeholder Person" not in repr(counts)
    # One event given as such (its place from the event itself) counts as its queryset does.
    for event in (first, second):
        alone = participant_counts(event=Event.objects.get(pk=event.pk))
        assert alone == participant_counts(events_queryset=Event.objects.filter(pk=event.pk))
    without_places = participant_counts(
        events_queryset=Event.objects.filter(pk__in=[first.pk, second.pk]), places=False
    )
    assert without_places == {**counts, "by_place": {}}


@pytest.mark.django_db
def test_a_participant_on_several_days_counts_once_and_each_day_counts(staff_user):
    event = EventFactory()  # three local days
    participation = ParticipationFactory(event=event, person=PersonFactory(gender="female"))
    for day, mode in zip(event.days, ["in_person", "online", "in_person"], strict=True):
        services.attendance_record(
            participation=participation, day=day, mode=mode, recorded_by=staff_user
        )
    for counts in (
        participant_counts(event=event),
        participant_counts(events_queryset=Event.objects.filter(pk=event.pk)),
    ):
        assert counts["total"] == 1 and counts["by_gender"] == {"female": 1}
        assert counts["attendance_days_by_mode"] == {"in_person": 2, "online": 1}


@pytest.mark.django_db
def test_attendance_only_on_the_days_of_the_event(staff_user):
    from shabaka.core.errors import Refused

    participation = ParticipationFactory()
    with pytest.raises(Refused, match="2021-01-29 is not a day of this event"):
        services.attendance_record(
            participation=participation,
            day=date(2021, 1, 29),
            mode="in_person",
            recorded_by=staff_user,
        )
    with pytest.raises(Refused, match="in person or online"):
        services.attendance_record(
            participation=participation, day=date(2021, 1, 27), mode="", recorded_by=staff_user
        )
    assert not participation.attendances.exists()
