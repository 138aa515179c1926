"""Two-factor authentication (TOTP, django-otp) for staff and administrators, and the session's
idle timeout.

After the password, a staff member or an administrator must enter a code from an authenticator
app (or set one up, the first time) before any other page: RequireTwoFactorMiddleware sends them
to the verification page until the session is verified. OTP_REQUIRED_FOR_STAFF turns this on;
it defaults to on whenever DEBUG is off, so only a development site (the demo's local accounts)
runs without it.
"""

import base64
import time
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
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
from django_otp.plugins.otp_totp.models import TOTPDevice

from shabaka.accounts.audit import audit_record


def two_factor_required(user) -> bool:
    """Whether this user must verify a second factor: staff and administrators."""
    if not getattr(settings, "OTP_REQUIRED_FOR_STAFF", False):
        return False
    if user is None or not user.is_authenticated:
        return False
    from shabaka.accounts.rules import is_project_staff

    return bool(user.is_superuser or user.is_staff or is_project_staff(user))


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
    """Staff and administrators without a verified second factor reach only the verification
    and set-up pages (and sign-out). Runs after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and two_factor_required(user)
            and not user.is_verified()
            and not _exempt(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Verify your second factor in the browser first.")}, status=403
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


@receiver(user_logged_in)
def _stamp_activity(sender, request, user, **kwargs):
    # Stamped at sign-in, so the first requests of a session do not write it again.
    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.KEY] = int(time.time())


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
@require_http_methods(["GET", "POST"])
def verify(request):
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    if not devices.exists():
        return redirect(
            f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': _next_url(request)})}"
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next((d for d in devices if d.verify_token(form.cleaned_data["code"])), None)
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not valid. Enter the current code from the app."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
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
            return redirect(_next_url(request))
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
