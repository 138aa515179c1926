"""Two (here four) coordinators submitting at the same moment never exceed the seats: the
invitation row is locked and the seats are counted again inside the transaction."""

import threading

import pytest
from django.db import connection

from shabaka.core.errors import Refused
from shabaka.events import services
from shabaka.events.models import NominationStatus
from tests.factories.directory import PersonFactory

WRITERS = 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_nominations_never_exceed_the_seats(invitation, coordinator, member_org, round_):
    services.nomination_create(
        invitation=invitation,
        nominated_by=coordinator,
        person=PersonFactory(organisation=member_org),
    )  # one of the two seats is taken: one left for four writers
    people = [PersonFactory(organisation=member_org) for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def nominate(person):
        try:
            barrier.wait()
            services.nomination_create(
                invitation=invitation, nominated_by=coordinator, person=person
            )
            result = "nominated"
        except Refused as exc:
            result = f"refused: {exc.message}"
        except Exception as exc:  # noqa: BLE001 - report any other failure in the assertion
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=nominate, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(o.split(":")[0] for o in outcomes) == ["nominated"] + ["refused"] * (
        WRITERS - 1
    ), outcomes
    assert all("seats" in o for o in outcomes if o.startswith("refused")), outcomes
    held = invitation.nominations.filter(
        status__in=[NominationStatus.NOMINATED, NominationStatus.CONFIRMED]
    ).count()
    assert held == invitation.seats == 2
