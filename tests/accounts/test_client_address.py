"""The client's address behind reverse proxies (PROXY_COUNT): one definition
(accounts.addresses) used by sign-in lockouts, the API token limit and the reset limit, and a
client cannot choose it by writing its own X-Forwarded-For."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from shabaka.accounts.addresses import client_address
from tests.factories import TEST_PASSWORD

PROXY = "10.0.0.1"  # the last proxy, as the application sees it (REMOTE_ADDR)
INNER_PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
VICTIM = "198.51.100.7"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def address(settings, proxies, remote, forwarded=None):
    settings.PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_without_a_proxy_the_header_is_ignored(settings):
    assert address(settings, 0, ATTACKER, forwarded=VICTIM) == ATTACKER


def test_behind_one_proxy_the_client_is_the_last_entry(settings):
    assert address(settings, 1, PROXY, forwarded=ATTACKER) == ATTACKER
    # The client wrote "VICTIM" itself; the proxy appended the address it saw.
    assert address(settings, 1, PROXY, forwarded=f"{VICTIM}, {ATTACKER}") == ATTACKER
    assert address(settings, 1, PROXY, forwarded=f"1.1.1.1, {VICTIM},{ATTACKER}") == ATTACKER


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(settings):
    assert address(settings, 2, PROXY, forwarded=f"{ATTACKER}, {INNER_PROXY}") == ATTACKER
    forged = f"{VICTIM}, {ATTACKER}, {INNER_PROXY}"
    assert address(settings, 2, PROXY, forwarded=forged) == ATTACKER


def test_a_request_that_bypassed_the_proxies_counts_as_the_address_that_reached_us(settings):
    assert address(settings, 1, ATTACKER) == ATTACKER
    assert address(settings, 2, ATTACKER, forwarded=VICTIM) == ATTACKER


def via_proxy(client_ip, forged=None, proxies=1):
    """Headers as PROXY_COUNT proxies write them for a client at `client_ip`."""
    chain = ([forged] if forged else []) + [client_ip] + [INNER_PROXY] * (proxies - 1)
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(chain)}


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [1, 2])
def test_sign_in_failures_behind_proxies_lock_only_their_own_client(
    client, settings, make_user, proxies
):
    settings.PROXY_COUNT = proxies
    victim = make_user(email="victim@example.org")
    # Guesses at many accounts from one client, each pretending to come from the victim.
    for n in range(settings.AXES_FAILURE_LIMIT * 5):
        client.post(
            "/accounts/sign-in/",
            {"username": f"guess{n}@example.org", "password": "wrong"},
            **via_proxy(ATTACKER, forged=VICTIM, proxies=proxies),
        )
    locked = client.post(
        "/accounts/sign-in/",
        {"username": victim.email, "password": TEST_PASSWORD},
        **via_proxy(ATTACKER, proxies=proxies),
    )
    assert locked.status_code == 429
    signed_in = client.post(
        "/accounts/sign-in/",
        {"username": victim.email, "password": TEST_PASSWORD},
        **via_proxy(VICTIM, proxies=proxies),
    )
    assert signed_in.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [1, 2])
def test_token_failures_behind_proxies_count_per_client(client, settings, proxies):
    settings.PROXY_COUNT = proxies
    settings.API_TOKEN_FAILURE_LIMIT = 3
    for n in range(4):
        client.get(
            "/api/v1/tokens",
            HTTP_AUTHORIZATION=f"Bearer shb_guess{n}",
            **via_proxy(ATTACKER, forged=VICTIM, proxies=proxies),
        )
    attacker = client.get(
        "/api/v1/tokens",
        HTTP_AUTHORIZATION="Bearer shb_guess9",
        **via_proxy(ATTACKER, proxies=proxies),
    )
    assert attacker.status_code == 429
    other = client.get(
        "/api/v1/tokens",
        HTTP_AUTHORIZATION="Bearer shb_typo",
        **via_proxy(VICTIM, proxies=proxies),
    )
    assert other.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [1, 2])
def test_password_reset_limit_behind_proxies_counts_per_client(client, settings, proxies):
    settings.PROXY_COUNT = proxies
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    url = "/accounts/password/reset/"
    for n in range(3):
        client.post(
            url,
            {"email": f"n{n}@example.org"},
            **via_proxy(ATTACKER, forged=VICTIM, proxies=proxies),
        )
    refused = client.post(url, {"email": "x@example.org"}, **via_proxy(ATTACKER, proxies=proxies))
    assert refused.status_code == 429
    other = client.post(url, {"email": "y@example.org"}, **via_proxy(VICTIM, proxies=proxies))
    assert other.status_code == 302


def test_a_request_without_an_address_has_none_for_axes(settings):
    from shabaka.accounts.addresses import client_ip

    settings.PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None  # stored as NULL, not as text in an address column
    assert client_address(request) == "unknown"
