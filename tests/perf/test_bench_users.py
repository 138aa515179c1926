"""The benchmark's signed-in users: each can sign in (staff with the authenticator code that
bench/run.py computes) and reaches the pages the benchmark measures for it."""

import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from shabaka.accounts.models import User
from shabaka.benchmarks import users
from shabaka.benchmarks.generator import generate
from shabaka.benchmarks.pages import signed_in_pages


@pytest.mark.django_db
def test_each_benchmark_user_reaches_its_pages(client):
    generate(scale=0.0005, stdout=io.StringIO())
    pages = signed_in_pages()
    assert {p["role"] for p in pages} == {"coordinator", "member", "staff"}
    assert {p["page"] for p in pages} >= {"network page", "action plan", "event console"}
    for page in pages:
        user = User.objects.get(email=page["email"])
        assert user.check_password(users.PASSWORD)
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:  # as after the second-factor form
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        assert client.get(page["path"]).status_code == 200, page


@pytest.mark.django_db
def test_the_staff_authenticator_accepts_the_computed_code():
    generate(scale=0.0005, stdout=io.StringIO())
    device = TOTPDevice.objects.get(user__email=users.email("staff"), confirmed=True)
    assert device.verify_token(users.totp_code())
