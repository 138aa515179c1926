"""Session expiry (idle timeout, browser close), password rules and the rate limits on
password reset requests."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError

from shabaka.accounts.twofactor import IdleTimeoutMiddleware

RESET = "/accounts/password/reset/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_an_idle_session_is_signed_out(client, settings, outsider):
    settings.SESSION_IDLE_TIMEOUT = 600
    client.force_login(outsider)
    assert client.get("/accounts/me/").status_code == 200
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = int(time.time()) - 601
    session.save()
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/me/").status_code == 302


@pytest.mark.django_db
def test_an_active_session_stays(client, settings, outsider):
    settings.SESSION_IDLE_TIMEOUT = 600
    client.force_login(outsider)
    client.get("/accounts/me/")
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = int(time.time()) - 500
    session.save()
    assert client.get("/accounts/me/").status_code == 200
    assert client.get("/accounts/me/").status_code == 200


@pytest.mark.django_db
def test_sessions_can_end_with_the_browser(client, settings, outsider):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    client.force_login(outsider)
    response = client.get("/accounts/me/")
    assert response.status_code == 200
    assert client.session.get_expire_at_browser_close()


def test_session_lifetime_settings(settings):
    assert settings.SESSION_COOKIE_AGE == 60 * 60 * 12
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("84736251908172", "entirely numeric"),
        ("charlie.outsider", "too similar"),
    ],
)
@pytest.mark.django_db
def test_weak_passwords_are_refused(password, problem, outsider):
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user=outsider)
    assert problem in " ".join(excinfo.value.messages)


@pytest.mark.django_db
def test_a_good_password_passes(outsider):
    validate_password("Tripoli-rain-window-42", user=outsider)


@pytest.mark.django_db
def test_the_password_change_form_shows_the_rule(client, outsider):
    from tests.factories import TEST_PASSWORD

    client.force_login(outsider)
    response = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": "short1!", "new_password2": "short1!"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.check_password(TEST_PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_reset_requests_for_one_email_are_limited_silently(client, settings, outsider, run_worker):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    for n in range(5):
        response = client.post(RESET, {"email": outsider.email}, REMOTE_ADDR=f"10.1.0.{n}")
        # Always the same answer: no one learns that a limit, or an account, is there.
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/reset/sent/"
    run_worker()
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_reset_requests_from_one_address_are_limited(client, settings, make_user, run_worker):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    users = [make_user() for _ in range(6)]
    statuses = [
        client.post(RESET, {"email": u.email}, REMOTE_ADDR="10.2.0.1").status_code for u in users
    ]
    assert statuses == [302, 302, 302, 302, 429, 429]
    run_worker()
    assert len(mail.outbox) == 4
    response = client.post(RESET, {"email": users[0].email}, REMOTE_ADDR="10.2.0.1")
    assert "Too many password reset requests" in response.content.decode()
    # Another address is not held back.
    assert client.post(RESET, {"email": users[5].email}, REMOTE_ADDR="10.2.0.2").status_code == 302
