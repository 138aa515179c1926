"""Eight writers at once (real threads, each with its own database connection, released together
by a barrier) never meet "database is locked": on SQLite the transactions are IMMEDIATE (the
write lock is taken at BEGIN) and a writer waits up to SQLITE_BUSY_TIMEOUT for it. Each writer
runs a real service that reads before it writes (the duplicate check of organisation_create),
the pattern that deadlocks SQLite's default deferred transactions.

The second test removes the guard (deferred transactions, no busy timeout) and shows the same
load then fails: it documents why the settings are there (SQLite only)."""

import threading

import pytest
from django.db import connection, connections

from shabaka.directory.models import Organisation
from shabaka.directory.services import organisation_create
from tests.factories.accounts import UserFactory
from tests.factories.directory import CountryFactory

WRITERS = 8
EACH = 5


def _run_writers(user, country, tag: str) -> list[str]:
    barrier = threading.Barrier(WRITERS)
    errors: list[str] = []
    lock = threading.Lock()

    def write(n):
        try:
            barrier.wait()
            for i in range(EACH):
                organisation_create(
                    created_by=user, name=f"{tag} writer {n} org {i}", kind="cso", country=country
                )
        except Exception as exc:  # noqa: BLE001 - every failure is reported below
            with lock:
                errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_writers_never_meet_a_locked_database():
    user, country = UserFactory(), CountryFactory()
    errors = _run_writers(user, country, "guarded")
    assert errors == []
    assert Organisation.objects.filter(name__startswith="guarded writer").count() == WRITERS * EACH


@pytest.mark.django_db(transaction=True)
def test_without_the_guard_sqlite_does_fail():
    if connection.vendor != "sqlite":
        pytest.skip("the guard is SQLite's")
    user, country = UserFactory(), CountryFactory()
    settings_dict = connection.settings_dict
    saved = dict(settings_dict["OPTIONS"])
    settings_dict["OPTIONS"] = {
        k: v for k, v in saved.items() if k not in ("transaction_mode", "timeout")
    } | {"timeout": 0}
    try:
        errors = []
        for round_ in range(3):  # a race: give it a few chances
            errors = _run_writers(user, country, f"unguarded{round_}")
            if errors:
                break
    finally:
        settings_dict["OPTIONS"] = saved
        connections.close_all()
    assert errors, "expected 'database is locked' without IMMEDIATE and the busy timeout"
    assert any("locked" in e for e in errors), errors[:3]
