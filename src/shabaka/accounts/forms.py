from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shabaka.accounts.models import AuditAction, Role
from shabaka.core.fields import NameField
from shabaka.jobs.mail import send_templated_email, site_url

_UNSCOPED_ROLES = [(r.value, r.label) for r in Role if r not in (Role.COORDINATOR, Role.ORG_EDITOR)]


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The email address or the password is not right."),
        "inactive": _("This account is inactive."),
    }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = NameField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES
    )
    roles = forms.MultipleChoiceField(
        label=_("Platform-wide roles"),
        choices=_UNSCOPED_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Roles over one network or organisation are granted from that record's page."),
    )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_UNSCOPED_ROLES)


class ApiTokenForm(forms.Form):
    name = NameField(
        label=_("Name of the new token"),
        max_length=100,
        help_text=_("e.g. the script or tool that will use it"),
    )


class PreferencesForm(forms.Form):
    full_name = NameField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(max_length=254, label=_("By (email)"), required=False)
    record_type = forms.ModelChoiceField(
        label=_("Record type"),
        queryset=ContentType.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All"))] + list(AuditAction.choices), required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds of record that appear in the log.
        from shabaka.accounts.models import AuditEntry

        used = AuditEntry.objects.values("content_type_id").distinct()
        self.fields["record_type"].queryset = ContentType.objects.filter(pk__in=used).order_by(
            "app_label", "model"
        )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, its email written to the outbox (sent by the worker, tried again
    when the mail server fails) in the account holder's language, the link built from SITE_URL
    rather than from the Host header a visitor sends."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        context = {**context, "link": site_url(path)}
        send_templated_email(
            recipient=to_email,
            language=context["user"].preferred_language,
            subject=lambda: "".join(render_to_string(subject_template_name, context).splitlines()),
            template=email_template_name,
            context=context,
        )
