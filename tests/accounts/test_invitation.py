import re

import pytest

from shabaka.accounts.models import AuditEntry, User


def invite(client, **data):
    payload = {
        "email": "new.person@example.org",
        "full_name": "New Person",
        "preferred_language": "ar",
    }
    payload.update(data)
    return client.post("/accounts/users/invite/", payload)


@pytest.mark.django_db(transaction=True)
def test_admin_invites_and_the_link_sets_a_password_once(
    client, admin_user, mailoutbox, run_worker, settings
):
    settings.SITE_URL = "https://shabaka.example.org"
    client.force_login(admin_user)
    response = invite(client, roles=["staff"])
    assert response.status_code == 302
    invited = User.objects.get(email="new.person@example.org")
    assert not invited.has_usable_password()
    assert invited.has_perm("accounts.view_audit_log")
    assert mailoutbox == []  # in the outbox, sent by the worker
    run_worker()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.person@example.org"]
    # The link is built from SITE_URL, never from the Host header of the request.
    pattern = r"https://shabaka\.example\.org(/accounts/invitation/\S+/)"
    link = re.search(pattern, mailoutbox[0].body).group(1)

    client.logout()
    password = "a long new passphrase 42"
    response = client.post(link, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(password)
    assert AuditEntry.objects.filter(
        object_id=str(invited.pk), reason="invitation accepted"
    ).exists()

    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()


@pytest.mark.django_db
def test_an_existing_address_is_refused_and_nothing_is_sent(
    client, admin_user, outsider, mailoutbox
):
    client.force_login(admin_user)
    response = invite(client, email="CHARLIE@example.org")
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 2
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_tampered_link_is_refused(client):
    response = client.get("/accounts/invitation/not-a-real-token/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


@pytest.mark.django_db
def test_only_administrators_invite(client, staff_user, mailoutbox):
    client.force_login(staff_user)
    assert invite(client).status_code == 403
    assert not User.objects.filter(email="new.person@example.org").exists()
