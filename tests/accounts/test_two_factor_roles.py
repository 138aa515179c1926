"""Two-factor authentication is offered to everyone and required of every role that can see
personal data (coordinators over one network, focal points, secretariats, staff, administrators);
recovery codes, shown once at set-up, each replace the app's code at one sign-in."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shabaka.accounts.models import AuditEntry, Role
from tests.accounts.test_two_factor import SETUP, VERIFY, code_for, sign_in
from tests.factories.dialogues import DialogueFactory
from tests.factories.networks import NetworkFactory


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES = True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, scope",
    [
        (Role.COORDINATOR, NetworkFactory),
        (Role.FOCAL_POINT, DialogueFactory),
        (Role.FOCAL_POINT, None),
        (Role.SECRETARIAT, DialogueFactory),
        (Role.STAFF, None),
        (Role.ADMIN, None),
    ],
)
def test_roles_that_see_personal_data_must_set_up_a_second_factor(client, make_user, role, scope):
    user = make_user(scoped=[(role, scope())]) if scope else make_user(role)
    sign_in(client, user)
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VIEWER, Role.ORG_EDITOR, None])
def test_other_roles_are_offered_it_but_not_asked(client, make_user, role):
    user = make_user(role) if role else make_user()
    sign_in(client, user)
    page = client.get("/accounts/me/")
    assert page.status_code == 200
    assert f'href="{SETUP}"' in page.content.decode()


def set_up(client, user) -> list[str]:
    """Sets up an authenticator app through the pages; returns the recovery codes shown."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device), "next": "/accounts/me/"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode())


@pytest.mark.django_db
def test_a_user_who_sets_it_up_is_asked_at_the_next_sign_in(client, outsider):
    sign_in(client, outsider)
    codes = set_up(client, outsider)
    assert len(codes) == 10 and len(set(codes)) == 10
    client.post("/accounts/sign-out/")
    sign_in(client, outsider)
    assert client.get("/accounts/me/")["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, make_user):
    coordinator = make_user(scoped=[(Role.COORDINATOR, NetworkFactory())])
    sign_in(client, coordinator)
    codes = set_up(client, coordinator)
    # Shown once: stored by django-otp, never shown again on the account page.
    me = client.get("/accounts/me/").content.decode()
    assert codes[0] not in me and "10 recovery codes left" in me
    client.post("/accounts/sign-out/")

    sign_in(client, coordinator)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/accounts/me/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    assert "9 recovery codes left" in client.get("/accounts/me/").content.decode()
    assert AuditEntry.objects.filter(
        actor=coordinator, changes__two_factor__1__startswith="signed in with a recovery code"
    ).exists()
    client.post("/accounts/sign-out/")

    sign_in(client, coordinator)
    response = client.post(VERIFY, {"code": codes[0], "next": "/accounts/me/"})
    assert response.status_code == 200  # used: refused
    assert client.get("/accounts/me/").status_code == 302


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client, staff_user):
    sign_in(client, staff_user)
    old = set_up(client, staff_user)
    response = client.post("/accounts/two-factor/recovery-codes/")
    new = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    stored = StaticToken.objects.filter(device__user=staff_user).values_list("token", flat=True)
    assert set(stored) == {c.replace("-", "") for c in new}


@pytest.mark.django_db
def test_new_recovery_codes_need_a_verified_session(client, settings, outsider):
    settings.OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES = False
    client.force_login(outsider)
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 403
    assert not StaticToken.objects.exists()
