from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from shabaka.core.visibility import Visibility
from shabaka.events.models import (
    Event,
    EventFormat,
    EventStatus,
    EventType,
    Invitation,
    Participation,
)
from tests.factories.networks import NetworkFactory

TRIPOLI = ZoneInfo("Africa/Tripoli")


class EventFactory(factory.django.DjangoModelFactory):
    """A public workshop in Tripoli time, by default in January 2021 (use the services to move
    its status, or pass status= for a starting point)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Example Workshop {n}")
    slug = factory.Sequence(lambda n: f"example-workshop-{n}")
    type = EventType.WORKSHOP
    format = EventFormat.IN_PERSON
    starts_at = factory.LazyFunction(lambda: datetime(2021, 1, 26, 9, 0, tzinfo=TRIPOLI))
    ends_at = factory.LazyFunction(lambda: datetime(2021, 1, 28, 17, 0, tzinfo=TRIPOLI))
    time_zone = "Africa/Tripoli"
    status = EventStatus.OPEN
    visibility = Visibility.PUBLIC


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    network = factory.SubFactory(NetworkFactory)
    seats = 2


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory("tests.factories.directory.PersonFactory")
    organisation = factory.SelfAttribute("person.organisation")
