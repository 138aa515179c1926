"""Two-factor authentication (TOTP) for every role that can see personal data: after the password
they must enter a code from an authenticator app, or set one up the first time; other roles are
not asked unless they set one up. Codes are computed here from the device's secret, as the app
would."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from shabaka.accounts.models import AuditEntry
from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/sign-in/"
VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES = True


def code_for(device, *, offset=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_staff_with_a_device_must_enter_a_code_before_any_page(client, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    sign_in(client, staff_user)
    response = client.get("/accounts/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    # A wrong code: refused with a message, still not through.
    response = client.post(VERIFY, {"code": "000000", "next": "/accounts/audit/"})
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert client.get("/accounts/audit/").status_code == 302
    # Right after a failure even the right code waits (guessing is throttled)...
    response = client.post(VERIFY, {"code": code_for(device), "next": "/accounts/audit/"})
    assert response.status_code == 200
    # ...a few seconds later the right code lets the user through, to the page asked for.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=10)
    )
    response = client.post(VERIFY, {"code": code_for(device), "next": "/accounts/audit/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/audit/"
    assert client.get("/accounts/audit/").status_code == 200


@pytest.mark.django_db
def test_administrator_without_a_device_sets_one_up_with_a_qr_code(client, admin_user):
    sign_in(client, admin_user)
    response = client.get("/accounts/users/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in body  # drawn on the server, no script
    assert "<script" not in body.split("</header>", 1)[-1].split("<footer", 1)[0]
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", body).group(1)
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    import base64

    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret.replace(" ", "")
    response = client.post(SETUP, {"code": code_for(device), "next": "/accounts/users/"})
    assert response.status_code == 200  # the recovery codes, shown once
    assert 'href="/accounts/users/"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(actor=admin_user, changes__has_key="two_factor").exists()
    assert client.get("/accounts/users/").status_code == 200


@pytest.mark.django_db
def test_a_code_is_refused_a_second_time(client, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    code = code_for(device)
    sign_in(client, staff_user)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/accounts/sign-out/")
    sign_in(client, staff_user)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200  # replayed: refused


@pytest.mark.django_db
def test_other_roles_are_not_asked(client, viewer_user, outsider):
    for user in (viewer_user, outsider):
        sign_in(client, user)
        assert client.get("/accounts/me/").status_code == 200
        client.post("/accounts/sign-out/")


@pytest.mark.django_db
def test_the_api_refuses_an_unverified_staff_session(client, staff_user):
    sign_in(client, staff_user)
    response = client.get("/api/v1/tokens")
    assert response.status_code == 403


@pytest.mark.django_db
def test_off_in_development(client, settings, staff_user):
    settings.OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES = False
    sign_in(client, staff_user)
    assert client.get("/accounts/audit/").status_code == 200


def test_required_by_default_whenever_debug_is_off(monkeypatch):
    """The setting's default follows DEBUG: read the settings module afresh with DEBUG=0."""
    import importlib

    import shabaka.settings as module

    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("SITE_URL", "https://shabaka.example.org")
    monkeypatch.delenv("OTP_REQUIRED_FOR_STAFF", raising=False)
    monkeypatch.delenv("OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES", raising=False)
    try:
        assert importlib.reload(module).OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES is True
        monkeypatch.setenv("DEBUG", "1")
        assert importlib.reload(module).OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES is False
        # The former name is still read; the new one wins when both are set.
        monkeypatch.setenv("OTP_REQUIRED_FOR_STAFF", "1")
        assert importlib.reload(module).OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES is True
        monkeypatch.setenv("OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES", "0")
        assert importlib.reload(module).OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES is False
    finally:
        monkeypatch.undo()
        importlib.reload(module)


@pytest.mark.django_db
def test_sign_out_and_verification_pages_stay_reachable(client, staff_user):
    TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    sign_in(client, staff_user)
    assert client.get(VERIFY).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post("/accounts/sign-out/").status_code == 302
    assert "_auth_user_id" not in client.session
