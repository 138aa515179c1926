"""Two-factor authentication (TOTP, django-otp) with recovery codes, and the session's idle
timeout.

Everyone may set up an authenticator app (from "My account"); whoever has one confirms each
sign-in with it. It is required of everyone who can see personal data: administrators, project
staff, network coordinators, focal points and dialogue secretariats (PERSONAL_DATA_ROLES, plus
Django staff and superusers). After the password they must enter a code, or set up an app the
first time, before any other page: RequireTwoFactorMiddleware sends them to the verification page
until the session is verified. OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES (formerly
OTP_REQUIRED_FOR_STAFF, still read) turns the requirement on; it defaults to on whenever DEBUG is
off, so only a development site (the demo's local accounts) runs without it.

Setting up an app also makes ten single-use recovery codes (django-otp's static device), shown
once; one of them replaces the app's code at sign-in when the phone is lost.
"""

import base64
import time
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shabaka.accounts.audit import audit_record
from shabaka.accounts.models import Role
from shabaka.accounts.roles import role_set

# Roles that can see personal data (people's names and contacts), held platform-wide or over one
# record: each of them needs a second factor in production.
PERSONAL_DATA_ROLES = frozenset(
    {Role.ADMIN, Role.STAFF, Role.COORDINATOR, Role.FOCAL_POINT, Role.SECRETARIAT}
)
RECOVERY_CODE_COUNT = 10
# Set at sign-in for a user who set up an app of their own accord (one query per sign-in, not
# per request).
_OPTED_IN = "_two_factor_opted_in"


def two_factor_enforced() -> bool:
    return bool(getattr(settings, "OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES", False))


def two_factor_required(user) -> bool:
    """Whether this user's role requires a second factor (when the requirement is on)."""
    if not two_factor_enforced():
        return False
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(role in PERSONAL_DATA_ROLES for role, _type, _id in role_set(user))


def _must_verify(request, user) -> bool:
    return two_factor_required(user) or bool(request.session.get(_OPTED_IN))


def _exempt(path: str) -> bool:
    exempt = (
        reverse("accounts:two_factor_verify"),
        reverse("accounts:two_factor_setup"),
        reverse("accounts:logout"),
        reverse("core:healthz"),
        settings.STATIC_URL,
        "/i18n/",
    )
    return path.startswith(exempt)


class RequireTwoFactorMiddleware:
    """A user who must verify a second factor (by role, or having set one up) reaches only the
    verification and set-up pages (and sign-out) until they do. Runs after django-otp's
    OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and _must_verify(request, user)
            and not user.is_verified()
            and not _exempt(request.path)
        ):
            if request.path.startswith("/api/"):
                # The API's one error shape (api.errors).
                message = _("Verify your second factor in the browser first.")
                return JsonResponse(
                    {"error": {"code": "second_factor_required", "message": message}},
                    status=403,
                )
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Signs out a session left unused for SESSION_IDLE_TIMEOUT seconds (0: never). The stamp is
    rewritten at most once a minute, so an active session does not write on every request."""

    KEY = "_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "SESSION_IDLE_TIMEOUT", 0)
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > timeout:
                logout(request)
                messages.info(request, _("You were signed out after a while without activity."))
                login_url = reverse(settings.LOGIN_URL)
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            if last is None or now - last >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


def two_factor_confirm(*, device: TOTPDevice) -> TOTPDevice:
    """The device's first code was right: it becomes the user's second factor (audited)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Any other device left unconfirmed from an earlier attempt is dropped.
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        audit_record(
            actor=device.user,
            obj=device.user,
            action="update",
            changes={"two_factor": [None, "authenticator app confirmed"]},
        )
    return device


def recovery_codes_create(*, user) -> list[str]:
    """Ten new single-use recovery codes for the user, replacing any earlier ones (audited).
    Returned in clear to be shown once; django-otp keeps them for checking."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        audit_record(
            actor=user,
            obj=user,
            action="update",
            changes={"two_factor": [None, f"{RECOVERY_CODE_COUNT} new recovery codes"]},
        )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@receiver(user_logged_in)
def _stamp_activity(sender, request, user, **kwargs):
    # Stamped at sign-in, so the first requests of a session do not write it again.
    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.KEY] = int(time.time())
        if not two_factor_required(user) and has_second_factor(user):
            request.session[_OPTED_IN] = True


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."))
        return code


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if not code.isalnum() or not code.isascii() or not 6 <= len(code) <= 8:
            raise forms.ValidationError(
                _("Enter the six digits from the app, or one of your recovery codes.")
            )
        return code


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def qr_svg(data: str) -> str:
    """A QR code as an SVG data URL, drawn on the server (no script, no third party)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    if not devices.exists():
        return redirect(
            f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': _next_url(request)})}"
        )
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if code.isdigit():
            device = next((d for d in devices if d.verify_token(code)), None)
        else:
            recovery = StaticDevice.objects.filter(user=request.user, confirmed=True)
            device = next((d for d in recovery if d.verify_token(code)), None)
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                _recovery_code_used(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not valid. Enter the current code from the app."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    """Set up an authenticator app: a new secret each time until a code confirms it."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            two_factor_confirm(device=device)
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is set up."))
            codes = recovery_codes_create(user=device.user)
            return _show_recovery_codes(request, codes)
        form.add_error("code", _("This code is not valid. Check the app and the clock."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr": qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "config_url": device.config_url,
        },
    )


def _recovery_code_used(request, device: StaticDevice) -> None:
    left = recovery_codes_left(device.user)
    audit_record(
        actor=device.user,
        obj=device.user,
        action="update",
        changes={"two_factor": [None, f"signed in with a recovery code ({left} left)"]},
    )
    messages.warning(
        request,
        _(
            "You signed in with a recovery code; %(left)s are left. If your phone is lost, set "
            "up the authenticator app again and make new codes from My account."
        )
        % {"left": left},
    )


def _show_recovery_codes(request, codes: list[str]):
    """The codes, shown this once (the page is not cached and cannot be opened again)."""
    response = render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {"codes": [f"{c[:4]}-{c[4:]}" for c in codes], "next": _next_url(request)},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["POST"])
def recovery_codes(request):
    """New recovery codes, replacing the old ones; only in a session verified with a code."""
    if not request.user.is_verified():
        raise PermissionDenied(_("Verify your second factor first."))
    user = get_user_model().objects.get(pk=request.user.pk)  # the model, not the lazy proxy
    return _show_recovery_codes(request, recovery_codes_create(user=user))
