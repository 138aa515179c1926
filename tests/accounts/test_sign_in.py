"""Sign in with an email address; failed attempts are limited per account and per address."""

import pytest
from django.conf import settings

from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/sign-in/"


def attempt(client, email, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_sign_in_with_email_and_password(client, outsider):
    response = attempt(client, "Charlie@Example.org ", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_shows_a_clear_message(client, outsider):
    response = attempt(client, outsider.email, "wrong")
    assert response.status_code == 200
    assert "The email address or the password is not right" in response.content.decode()


@pytest.mark.django_db
def test_account_is_locked_for_the_address_that_failed(client, outsider):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, outsider.email, "wrong", address="10.0.1.1")
    response = attempt(client, outsider.email, TEST_PASSWORD, address="10.0.1.1")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_do_not_lock(client, outsider):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, outsider.email, "wrong")
    assert attempt(client, outsider.email, TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_sign_out_needs_post(client, outsider):
    client.force_login(outsider)
    assert client.get("/accounts/sign-out/").status_code == 405
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get("/accounts/me/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, outsider, mailoutbox, run_worker, settings
):
    import re

    settings.SITE_URL = "https://shabaka.example.org"
    outsider.preferred_language = "ar"
    outsider.save()
    client.post("/accounts/password/reset/", {"email": outsider.email})
    run_worker()
    assert len(mailoutbox) == 1
    # In the account holder's language, the link from SITE_URL (the request came to testserver).
    assert "كلمة" in mailoutbox[0].subject + mailoutbox[0].body
    pattern = r"https://shabaka\.example\.org(/accounts/password/reset/\S+/)"
    link = re.search(pattern, mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new_password = "a new long passphrase 2026"
    response = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password(new_password)


@pytest.mark.django_db
def test_password_change_requires_the_old_password(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "wrong",
            "new_password1": "another long pass 77",
            "new_password2": "another long pass 77",
        },
    )
    assert response.status_code == 200
    outsider.refresh_from_db()
    assert outsider.check_password(TEST_PASSWORD)
