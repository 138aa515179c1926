"""Faults: a multi-step change killed half way leaves nothing behind. The fault is raised
inside the transaction, at the Nth write statement (INSERT, UPDATE or DELETE) the change sends
to the database, half way through its writes, and the whole database is compared before and
after: every row of every table."""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connection, transaction

WRITES = ("INSERT", "UPDATE", "DELETE")


class Killed(Exception):
    pass


def fingerprint() -> dict:
    """Every row of every table, as values."""
    out = {}
    for model in apps.get_models():
        if model._meta.app_label == "sessions":
            continue
        out[model._meta.label] = list(model._default_manager.order_by("pk").values_list())
    return out


@contextmanager
def writes_killed_at(n: int):
    """Count the write statements sent; raise before the Nth is executed."""
    seen = {"writes": 0}

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            seen["writes"] += 1
            if seen["writes"] == n:
                raise Killed(f"killed at write {n}: {sql[:60]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def _check_killed_change_leaves_nothing(change, *, writes_at_least: int) -> int:
    """Run `change` once to count its writes (in a savepoint, rolled back), then again killed
    half way through them; the database must be as it was."""
    sid = transaction.savepoint()
    with writes_killed_at(10**9) as counter:
        change()
    transaction.savepoint_rollback(sid)
    writes = counter["writes"]
    assert writes >= writes_at_least, f"only {writes} writes"
    before = fingerprint()
    with pytest.raises(Killed), writes_killed_at(writes // 2 + 1):
        change()
    assert fingerprint() == before
    return writes


def test_directory_import_killed_half_way(demo_db):
    from shabaka.directory import importing
    from shabaka.directory.models import ImportStatus

    staff = demo_db.users["staff"]
    rows = "".join(f"Fault Test Association {n},FTA{n},cso,,,2015\n" for n in range(6))
    batch = importing.import_upload(
        uploaded_by=staff,
        filename="orgs.csv",
        data=("name,acronym,kind,places,topics,founded_year\n" + rows).encode(),
        network=demo_db.objects["tripoli"],
    )
    _check_killed_change_leaves_nothing(
        lambda: importing.import_apply(batch=batch, applied_by=staff), writes_at_least=20
    )
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED
    # Without the fault, the same import goes through.
    importing.import_apply(batch=batch, applied_by=staff)
    from shabaka.directory.models import Organisation

    assert Organisation.objects.filter(name__startswith="Fault Test Association").count() == 6


def test_plan_revision_killed_half_way(demo_db):
    from shabaka.plans.models import ActionPlan
    from shabaka.plans.services import plan_revise

    plan = ActionPlan.objects.filter(network=demo_db.objects["tripoli"]).first()
    versions = plan.versions.count()
    _check_killed_change_leaves_nothing(
        lambda: plan_revise(plan=plan, revised_by=demo_db.users["coordinator"], reason="Fault"),
        writes_at_least=3,
    )
    assert plan.versions.count() == versions


def test_nomination_confirmation_killed_half_way(demo_db):
    from shabaka.events.models import NominationStatus
    from shabaka.events.services import nomination_confirm, nomination_create
    from tests.factories.directory import PersonFactory
    from tests.factories.events import EventFactory, InvitationFactory

    tripoli = demo_db.objects["tripoli"]
    invitation = InvitationFactory(event=EventFactory(), network=tripoli, seats=2)
    person = PersonFactory(organisation=demo_db.objects["public_org"])
    nomination = nomination_create(
        invitation=invitation, nominated_by=demo_db.users["coordinator"], person=person
    )
    _check_killed_change_leaves_nothing(
        lambda: nomination_confirm(nomination=nomination, decided_by=demo_db.users["staff"]),
        writes_at_least=3,
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.NOMINATED
    assert not hasattr(nomination, "participation")
