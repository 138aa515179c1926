from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shabaka.core.fields import ModelMultipleChoiceField, NameField, limit_texts
from shabaka.projects.models import OrganisationRole, Project, ProjectStatus


class DateInput(forms.DateInput):
    input_type = "date"


class ProjectForm(forms.ModelForm):
    """Project facts; never its status (moved only by the named transitions)."""

    class Meta:
        model = Project
        fields = [
            "title",
            "acronym",
            "description",
            "language",
            "iati_identifier",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "total_budget",
            "currency",
            "countries",
            "reporting_organisation",
            "visibility",
        ]
        field_classes = {
            "title": NameField,
            "acronym": NameField,
            "countries": ModelMultipleChoiceField,
        }
        widgets = {
            "planned_start": DateInput,
            "planned_end": DateInput,
            "actual_start": DateInput,
            "actual_end": DateInput,
            "countries": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_texts(self)
        if organisations is not None:
            self.fields["reporting_organisation"].queryset = organisations


class ProjectFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + ProjectStatus.choices
    )
    donor = forms.TypedChoiceField(label=_("Donor"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, countries=(), donors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any"))] + [(c.code, str(c)) for c in countries]
        self.fields["donor"].choices = [("", _("Any"))] + [(o.pk, o.display_name) for o in donors]


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationRole.choices)
    unit = forms.CharField(label=_("Through its unit"), required=False, max_length=250)
    is_national_partner = forms.BooleanField(label=_("National partner"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class FundingForm(forms.Form):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=None)
    through = forms.ModelChoiceField(
        label=_("Acting through"),
        queryset=None,
        required=False,
        help_text=_("The body through which the funder acts, e.g. a ministry or agency."),
    )
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="EUR")
    committed_on = forms.DateField(label=_("Committed on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = organisations
        self.fields["through"].queryset = organisations


class IdentifierForm(forms.Form):
    ref = forms.CharField(label=_("Identifier"), max_length=150)
    kind = forms.CharField(
        label=_("Type"), max_length=4, required=False, help_text=_("IATI type, e.g. A1, B1")
    )
    owner_name = forms.CharField(label=_("Given by"), max_length=250, required=False)


class IatiImportForm(forms.Form):
    file = forms.FileField(label=_("IATI activity file (XML)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IATI_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB; the limit is %(limit)s MB).")
                % {"size": upload.size // 2**20, "limit": limit // 2**20}
            )
        return upload
