from django import forms
from django.utils.translation import gettext_lazy as _

from shabaka.accounts.models import User
from shabaka.core.fields import ModelMultipleChoiceField, NameField, limit_texts
from shabaka.core.widgets import FastSelect, LocalisedNameChoiceField
from shabaka.directory.models import Organisation, OrganisationKind, Person, Place, Topic
from shabaka.directory.services import ORGANISATION_FIELDS, PERSON_FIELDS


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(max_length=200, label=_("Name"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any"))] + OrganisationKind.choices,
        widget=FastSelect,
    )
    # Long lists (places, 200 networks at scale 1) render in Python, from tuples.
    place = LocalisedNameChoiceField(
        label=_("Place"),
        required=False,
        queryset=Place.objects.order_by("country__code", "level", "name"),
        empty_label=_("Anywhere"),
    )
    topic = LocalisedNameChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.all(), empty_label=_("Any")
    )
    # Typed, not picked: the networks grow with the data (200 at scale 1), and a plain text box
    # works without JavaScript and on a phone (as on the events list).
    network = forms.CharField(
        label=_("Network (name or acronym)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class OrganisationForm(forms.ModelForm):
    """Never a status; saved through directory.services, not form.save()."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [*ORGANISATION_FIELDS[:8], "places", "topics", *ORGANISATION_FIELDS[8:]]
        field_classes = {
            "name": NameField,
            "acronym": NameField,
            "places": ModelMultipleChoiceField,
            "topics": ModelMultipleChoiceField,
        }
        widgets = {
            "places": forms.SelectMultiple(attrs={"size": 8}),
            "topics": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_texts(self)
        self.fields["places"].queryset = Place.objects.select_related("country").order_by(
            "country__code", "level", "name"
        )

    def validate_unique(self):
        """Uniqueness of the name is the service's to check (tolerant matching)."""


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        field_classes = {"full_name": NameField}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class ImportUploadForm(forms.Form):
    upload = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "First row: column names. 'name' is required; optional: acronym, kind, country "
            "(ISO code), places (official codes, e.g. LY021104, separated by ';'), topics, "
            "name_en, name_ar, name_fr, founded_year, website, email, phone, address, "
            "description, visibility (public, members or staff; new organisations default to "
            "members), role (member or coordinator)."
        ),
    )
    network = forms.ModelChoiceField(
        label=_("Add them as active members of"),
        required=False,
        queryset=None,
        empty_label=_("No network"),
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks

    def clean_upload(self):
        """What can be told without reading the file, told at once; the rest is checked by the
        job that reads it."""
        from shabaka.directory.importing import MAX_BYTES

        upload = self.cleaned_data["upload"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ImportApplyForm(forms.Form):
    skip_refused = forms.BooleanField(
        label=_("Skip the refused rows and import the others"), required=False
    )


class RoleHolderForm(forms.Form):
    """Grants a scoped role to an existing account, found by its email address."""

    email = forms.EmailField(label=_("Email address of the account"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active account has this address. Invite the person first.")
            )
        self.user = user
        return email
