"""Sign-in lockouts that cannot be turned against the account's owner: the pair (account,
address) locks after AXES_FAILURE_LIMIT failures, the address alone after
AXES_ADDRESS_FAILURE_LIMIT, the account alone never; a locked user can still reset the
password, which clears the lock."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/sign-in/"


def attempt(client, email, password, address):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_failures_from_many_addresses_never_lock_the_owner_out(client, outsider):
    # Someone who knows the email fails from many addresses, more than enough to lock an account.
    for n in range(settings.AXES_FAILURE_LIMIT * 3):
        attempt(client, outsider.email, "wrong", address=f"10.0.1.{n}")
    assert attempt(client, outsider.email, TEST_PASSWORD, address="10.0.2.1").status_code == 302


@pytest.mark.django_db
def test_the_pair_locks_but_the_owner_signs_in_from_elsewhere(client, outsider):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, outsider.email, "wrong", address="10.0.1.1")
    assert attempt(client, outsider.email, TEST_PASSWORD, address="10.0.1.1").status_code == 429
    assert attempt(client, outsider.email, TEST_PASSWORD, address="10.0.1.2").status_code == 302


@pytest.mark.django_db
def test_the_address_alone_locks_after_more_failures_on_several_accounts(client, make_user):
    victim = make_user(email="victim@example.org")
    below = settings.AXES_ADDRESS_FAILURE_LIMIT - 1
    for n in range(below):  # never AXES_FAILURE_LIMIT on one account
        attempt(client, f"guess{n}@example.org", "wrong", address="10.9.9.9")
    assert settings.AXES_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    # One failure short of the address limit, another account still signs in from there.
    assert attempt(client, victim.email, TEST_PASSWORD, address="10.9.9.9").status_code == 302
    client.post("/accounts/sign-out/")
    attempt(client, "guess-last@example.org", "wrong", address="10.9.9.9")
    assert attempt(client, victim.email, TEST_PASSWORD, address="10.9.9.9").status_code == 429
    # Only the address is blocked.
    assert attempt(client, victim.email, TEST_PASSWORD, address="10.9.9.10").status_code == 302


@pytest.mark.django_db
def test_a_success_does_not_clear_failures_on_other_accounts(client, make_user):
    mine = make_user(email="mine@example.org")
    target = make_user(email="target@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, target.email, "wrong", address="10.3.3.3")
    assert attempt(client, mine.email, TEST_PASSWORD, address="10.3.3.3").status_code == 302
    client.post("/accounts/sign-out/")
    attempt(client, target.email, "wrong", address="10.3.3.3")
    assert attempt(client, target.email, TEST_PASSWORD, address="10.3.3.3").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_a_locked_user_resets_the_password_and_signs_in_again(
    client, outsider, mailoutbox, run_worker, settings
):
    settings.SITE_URL = "https://shabaka.example.org"
    address = "10.4.4.4"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, outsider.email, "wrong", address=address)
    locked = attempt(client, outsider.email, TEST_PASSWORD, address=address)
    assert locked.status_code == 429
    assert "/accounts/password/reset/" in locked.content.decode()

    sent = client.post("/accounts/password/reset/", {"email": outsider.email}, REMOTE_ADDR=address)
    assert sent.status_code == 302
    run_worker()
    pattern = r"https://shabaka\.example\.org(/accounts/password/reset/\S+/)"
    link = re.search(pattern, mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True, REMOTE_ADDR=address)
    assert form_page.status_code == 200
    new = "a new long passphrase 2026"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        REMOTE_ADDR=address,
    )
    assert done.status_code == 302
    # Whoever set the new password owns the account: its failures are forgotten.
    assert attempt(client, outsider.email, new, address=address).status_code == 302
