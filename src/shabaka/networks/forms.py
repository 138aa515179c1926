from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shabaka.core.fields import (
    LONG_TEXT,
    ModelMultipleChoiceField,
    NameField,
    limit_texts,
)
from shabaka.core.widgets import LocalisedNameChoiceField
from shabaka.directory.models import Place, Topic
from shabaka.networks.models import (
    CodeVersion,
    CodeVersionStatus,
    Network,
    NetworkKind,
    NetworkStatus,
)


class NetworkFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any"))] + NetworkKind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + NetworkStatus.choices
    )
    # Long lists rendered in Python from tuples (no model instance, no template per option).
    place = LocalisedNameChoiceField(
        label=_("Place"),
        required=False,
        queryset=Place.objects.order_by("country__code", "level", "name"),
        empty_label=_("Anywhere"),
    )
    topic = LocalisedNameChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.all(), empty_label=_("Any")
    )


class NetworkForm(forms.ModelForm):
    """Never a status: it moves through networks.services.network_set_status."""

    class Meta:
        model = Network
        fields = [
            "name",
            "name_en",
            "name_ar",
            "name_fr",
            "acronym",
            "slug",
            "kind",
            "mission",
            "founded_on",
            "country",
            "area_description",
            "places",
            "topics",
            "visibility",
        ]
        field_classes = {
            "name": NameField,
            "acronym": NameField,
            "places": ModelMultipleChoiceField,
            "topics": ModelMultipleChoiceField,
        }
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "places": forms.SelectMultiple(attrs={"size": 8}),
            "topics": forms.CheckboxSelectMultiple,
            "mission": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_texts(self)
        if self.instance.pk:
            # The kind and address of an existing network do not change.
            del self.fields["kind"]
            del self.fields["slug"]


class MembershipApplyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    member_network = forms.ModelChoiceField(label=_("Network"), queryset=None, required=False)
    reason = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Message to the coordinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations=None, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if networks is None:
            del self.fields["member_network"]
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]
            self.fields["member_network"].queryset = networks
            self.fields["member_network"].required = True


class DecisionForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve")),
        ("reject", _("Reject")),
        ("suspend", _("Suspend")),
        ("reinstate", _("Reinstate")),
        ("remove", _("Remove from the network")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Reason (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _text_fields():
    return {
        f"text_{code}": forms.CharField(
            label=_("Text in %(language)s") % {"language": name},
            required=False,
            widget=forms.Textarea(attrs={"rows": 10, "lang": code}),
        )
        for code, name in settings.LANGUAGES
    }


class CodeCreateForm(forms.Form):
    title = NameField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields())

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code, _n in settings.LANGUAGES}


class CodeVersionForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields())

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code, _n in settings.LANGUAGES}


class AdoptionForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Version to adopt"),
        queryset=CodeVersion.objects.exclude(status=CodeVersionStatus.SUPERSEDED)
        .select_related("code")
        .order_by("code__title", "-number"),
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decision = forms.CharField(label=_("Decision"), max_length=300, required=False)

    def __init__(self, *args, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if versions is not None:
            self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: f"{v} ({v.get_status_display()})"


class EndorsementForm(forms.Form):
    signatory = NameField(
        label=_("Signed for the organisation by"),
        max_length=200,
        required=False,
        help_text=_("A role, e.g. 'Chair of the board'."),
    )
    endorsed_on = forms.DateField(
        label=_("Endorsed on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
