"""The audit log records who changed what, with old and new values, in the same transaction."""

import pytest
from django.db import transaction

from shabaka.accounts import services
from shabaka.accounts.audit import audit_created, audit_record
from shabaka.accounts.models import AuditEntry


@pytest.mark.django_db
def test_a_service_update_records_old_and_new_values(outsider):
    services.user_update_preferences(
        user=outsider, full_name="Charlie Renamed", preferred_language="ar"
    )
    entry = AuditEntry.objects.get(action="update")
    assert entry.actor == outsider
    assert entry.actor_label == outsider.email
    assert entry.object_id == str(outsider.pk)
    assert entry.changes == {
        "full_name": ["Charlie Outsider", "Charlie Renamed"],
        "preferred_language": ["en", "ar"],
    }


@pytest.mark.django_db
def test_an_update_that_changes_nothing_writes_no_entry(outsider):
    services.user_update_preferences(
        user=outsider, full_name=outsider.full_name, preferred_language="en"
    )
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_refused_input_changes_nothing_and_logs_nothing(outsider):
    from shabaka.core.errors import Refused

    with pytest.raises(Refused):
        services.user_update_preferences(user=outsider, full_name="  ", preferred_language="en")
    outsider.refresh_from_db()
    assert outsider.full_name == "Charlie Outsider"
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_entry_rolls_back_with_the_change(outsider):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.user_update_preferences(
            user=outsider, full_name="Half Way", preferred_language="fr"
        )
        raise RuntimeError("crash after the service, before commit")
    outsider.refresh_from_db()
    assert outsider.full_name == "Charlie Outsider"
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_writing_an_entry_outside_a_transaction_is_refused(outsider):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=None, action="update", obj=outsider)


@pytest.mark.django_db
def test_entries_by_the_system_are_labelled(outsider):
    with transaction.atomic():
        audit_created(actor=None, obj=outsider)
    assert AuditEntry.objects.get().actor_label == "system"


@pytest.mark.django_db
def test_staff_see_the_log_with_filters(client, staff_user, admin_user, outsider):
    services.user_update_preferences(
        user=outsider, full_name="Charlie Two", preferred_language="en"
    )
    services.role_grant(user=outsider, role="viewer", granted_by=admin_user)
    client.force_login(staff_user)
    page = client.get("/accounts/audit/").content.decode()
    assert "Charlie Two" in page and "Signed-in viewer" in page
    filtered = client.get("/accounts/audit/", {"actor": "alice@"}).content.decode()
    assert "Signed-in viewer" in filtered
    assert "Charlie Two" not in filtered
    by_action = client.get("/accounts/audit/", {"action": "update"}).content.decode()
    assert "Charlie Two" in by_action and "Signed-in viewer" not in by_action


@pytest.mark.django_db
def test_the_log_refuses_a_period_that_ends_before_it_starts(client, staff_user):
    client.force_login(staff_user)
    page = client.get(
        "/accounts/audit/", {"since": "2026-02-01", "until": "2026-01-01"}
    ).content.decode()
    assert "The start date is after the end date." in page


@pytest.mark.django_db
def test_outsiders_may_not_read_the_log(client, outsider, viewer_user):
    assert client.get("/accounts/audit/").status_code == 302  # anonymous: to sign in
    for user in (outsider, viewer_user):
        client.force_login(user)
        assert client.get("/accounts/audit/").status_code == 403


@pytest.mark.django_db
def test_the_log_page_runs_a_fixed_number_of_queries(
    client, staff_user, make_user, django_assert_max_num_queries
):
    client.force_login(staff_user)

    def load():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/accounts/audit/").status_code == 200
        return len(ctx.captured_queries)

    for n in range(3):
        services.user_update_preferences(
            user=staff_user, full_name=f"Name {n}", preferred_language="en"
        )
    few = load()
    for n in range(40):
        user = make_user()
        services.user_update_preferences(user=user, full_name=f"Other {n}", preferred_language="fr")
    assert load() == few
