from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shabaka.accounts import ratelimit, selectors, services, signin, tokens, twofactor
from shabaka.accounts.forms import (
    ApiTokenForm,
    AuditFilterForm,
    EmailAuthenticationForm,
    InvitationForm,
    OutboxPasswordResetForm,
    PreferencesForm,
    RoleGrantForm,
)
from shabaka.accounts.models import User
from shabaka.core.errors import Refused
from shabaka.core.http import id_or_404
from shabaka.core.pagination import paginate
from shabaka.core.refusals import require_permission


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Rate limits: per client address (told, with 429) and per email address (silently: the
        # answer is the same as a sent link, so no one learns whether an account exists).
        if not ratelimit.hit(
            "password-reset-address",
            ratelimit.client_address(self.request),
            limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        ):
            form.add_error(
                None, _("Too many password reset requests from here. Try again in an hour.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email = form.cleaned_data["email"].strip().lower()
        if not ratelimit.hit(
            "password-reset-email", email, limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        ):
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        signin.lockout_clear(username=form.user.email)
        messages.success(self.request, _("Your password has been set. You can sign in now."))
        return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    form = PreferencesForm(
        request.POST or None,
        initial={
            "full_name": request.user.full_name,
            "preferred_language": request.user.preferred_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_preferences(user=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Your preferences have been saved."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, request.user.preferred_language, samesite="Lax"
            )
            return response
    roles = request.user.role_assignments.select_related("scope_type").order_by("role")
    two_factor = twofactor.has_second_factor(request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": roles,
            "two_factor": two_factor,
            "recovery_codes_left": twofactor.recovery_codes_left(request.user) if two_factor else 0,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request):
    require_permission(request.user, "accounts.invite_user")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(
                invited_by=request.user,
                **form.cleaned_data,
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("An invitation has been sent to %(email)s.") % {"email": user.email}
            )
            return redirect("accounts:users")
    return render(request, "accounts/invite.html", {"form": form})


@login_required
def users(request):
    require_permission(request.user, "accounts.view_users")
    page = paginate(request, selectors.users_with_roles())
    return render(request, "accounts/users.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, token: str):
    try:
        invited = services.invitation_user_for_token(token=token)
    except Refused as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"message": exc.message}, status=400
        )
    form = SetPasswordForm(invited, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_accept_invitation(
                user=invited, password=form.cleaned_data["new_password1"]
            )
        except Refused as exc:
            form.add_error("new_password1", exc.message)
        else:
            login(request, invited, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Shabaka. Your password has been set."))
            return redirect("core:home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invited": invited})


@login_required
def audit_log(request):
    require_permission(request.user, "accounts.view_audit_log")
    form = AuditFilterForm(request.GET or None)
    entries = selectors.audit_entries()
    if form.is_valid():
        data = form.cleaned_data
        record_type = data.get("record_type")
        entries = selectors.audit_entries(
            actor_email=data.get("actor") or "",
            content_type_id=record_type.pk if record_type else None,
            action=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
    page = paginate(request, entries, per_page=50)
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def user_roles(request, pk: int):
    require_permission(request.user, "accounts.manage_roles")
    member = get_object_or_404(User, pk=pk)
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST":
        revoke_id = request.POST.get("revoke")
        try:
            if revoke_id:
                assignment = get_object_or_404(member.role_assignments, pk=id_or_404(revoke_id))
                services.role_revoke(assignment=assignment, revoked_by=request.user)
                messages.success(request, _("The role has been revoked."))
                return redirect("accounts:user_roles", pk=member.pk)
            if form.is_valid():
                services.role_grant(
                    user=member, role=form.cleaned_data["role"], granted_by=request.user
                )
                messages.success(request, _("The role has been granted."))
                return redirect("accounts:user_roles", pk=member.pk)
        except Refused as exc:
            form.add_error(None, exc.message)
    roles = member.role_assignments.select_related("scope_type").order_by("role")
    return render(
        request, "accounts/user_roles.html", {"member": member, "roles": roles, "form": form}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request):
    created_secret = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST":
        revoke_id = request.POST.get("revoke")
        try:
            if revoke_id:
                token = get_object_or_404(request.user.api_tokens, pk=id_or_404(revoke_id))
                tokens.token_revoke(token=token, revoked_by=request.user)
                messages.success(request, _("The token has been revoked."))
                return redirect("accounts:api_tokens")
            if form.is_valid():
                _token, created_secret = tokens.token_create(
                    user=request.user, name=form.cleaned_data["name"]
                )
                form = ApiTokenForm()
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": request.user.api_tokens.all(), "created_secret": created_secret},
    )
