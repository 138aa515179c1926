"""Two appointments to the same post submitted at the same moment: exactly one is recorded.
Real threads with their own database connections, released together by a barrier."""

import threading
from datetime import date

import pytest
from django.db import connection

from shabaka.core.errors import Refused
from shabaka.dialogues import services
from shabaka.dialogues.models import AppointmentStatus, FocalPointAppointment, FocalPointFunction
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import CountryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            connection.ensure_connection()  # connect first, so the race starts at the barrier
            barrier.wait(timeout=10)
            results[index] = call()
        except Refused as exc:
            results[index] = exc
        except Exception as exc:  # noqa: BLE001 - reported below
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.parametrize("with_predecessor", [False, True])
def test_two_simultaneous_appointments_to_one_post_record_only_one(with_predecessor, staff_user):
    libya = CountryFactory(code="LY")
    dialogue = DialogueFactory()
    PartnerStateFactory(dialogue=dialogue, country=libya)
    people = [OfficialFactory(), OfficialFactory()]
    previous = None
    if with_predecessor:
        previous = services.appointment_create(
            dialogue=dialogue,
            country=libya,
            function=FocalPointFunction.NATIONAL,
            person=OfficialFactory(),
            started_on=date(2017, 1, 1),
            act_reference="Decree 2017",
            act_date=date(2017, 1, 1),
            created_by=staff_user,
        )

    def appoint(person):
        return lambda: services.appointment_create(
            dialogue=dialogue,
            country=libya,
            function=FocalPointFunction.NATIONAL,
            person=person,
            started_on=date(2022, 2, 1),
            act_reference=f"Decree for {person.full_name}",
            act_date=date(2022, 2, 1),
            created_by=staff_user,
        )

    results = run_together([appoint(p) for p in people])

    recorded = [r for r in results if isinstance(r, FocalPointAppointment)]
    refused = [r for r in results if isinstance(r, Refused)]
    assert len(recorded) == 1 and len(refused) == 1, results
    open_appointments = FocalPointAppointment.objects.filter(status=AppointmentStatus.APPOINTED)
    assert list(open_appointments) == recorded
    if previous is not None:
        previous.refresh_from_db()
        assert previous.ended_on == date(2022, 2, 1)
        assert FocalPointAppointment.objects.count() == 2
