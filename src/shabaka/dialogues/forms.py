"""Forms of the dialogues pages. None accepts a status or an end date of an appointment:
those move only through the services' named steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shabaka.core.fields import ModelMultipleChoiceField
from shabaka.dialogues.models import (
    DelegateRole,
    FocalPointFunction,
    FrameworkItem,
    HandoverItem,
    PartnerStatus,
)
from shabaka.directory.models import Country


class DateInput(forms.DateInput):
    input_type = "date"


class DialogueFilterForm(forms.Form):
    q = forms.CharField(max_length=200, label=_("Name"), required=False)
    country = forms.ModelChoiceField(
        label=_("Partner state"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
    )


class AppointmentForm(forms.Form):
    country = forms.ModelChoiceField(label=_("State"), queryset=Country.objects.none())
    function = forms.ChoiceField(label=_("Function"), choices=FocalPointFunction.choices)
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        help_text=_("A person of a government body of the state, from the directory."),
    )
    started_on = forms.DateField(label=_("Appointed from"), widget=DateInput)
    act_reference = forms.CharField(label=_("Act of appointment: reference"), max_length=200)
    act_date = forms.DateField(label=_("Act of appointment: date"), widget=DateInput)
    act_file = forms.FileField(label=_("Act of appointment: file"), required=False)
    act_link = forms.URLField(
        label=_("or a link to the act"), required=False, assume_scheme="https", max_length=200
    )

    def __init__(self, *args, dialogue, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(
            dialogue_participations__dialogue=dialogue
        ).exclude(dialogue_participations__status=PartnerStatus.WITHDRAWN)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} · {p.organisation.display_name}"
        )


class AppointmentEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    reason = forms.CharField(label=_("Why"), max_length=300)


class HandoverForm(forms.Form):
    done = forms.MultipleChoiceField(
        label=_("Handover checklist"),
        choices=HandoverItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PartnerAdmitForm(forms.Form):
    country = forms.ModelChoiceField(label=_("State"), queryset=Country.objects.all())
    admitted_as = forms.ChoiceField(
        label=_("Joins as"),
        choices=[(PartnerStatus.MEMBER, _("Member")), (PartnerStatus.OBSERVER, _("Observer"))],
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput)
    joined_year = forms.IntegerField(
        label=_("or: taking part since (year)"), required=False, min_value=1945, max_value=2100
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class PartnerChangeForm(forms.Form):
    effective_on = forms.DateField(label=_("Effective on"), required=False, widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class FollowUpFilterForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False, to_field_name="code"
    )
    start = forms.DateField(label=_("Period from"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Period until"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period must end after it starts."))
        return data


class TagForm(forms.Form):
    items = ModelMultipleChoiceField(
        label=_("Framework items"),
        queryset=FrameworkItem.objects.select_related("framework").order_by(
            "framework__code", "position", "id"
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].label_from_instance = lambda i: f"{i.code} {i.title}"


def _event_label(event) -> str:
    return f"{event.start_date:%Y-%m-%d} · {event.title}"


class MeetingLinkForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=None,
        help_text=_("A dialogue meeting, or a related event such as a focal points' workshop."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = _event_label


class DelegationForm(forms.Form):
    country = forms.ModelChoiceField(label=_("State"), queryset=None)
    head = forms.ModelChoiceField(label=_("Head of delegation"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, countries, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["head"].queryset = people
        self.fields["head"].label_from_instance = lambda p: (
            f"{p.full_name} · {p.organisation.display_name}" if p.organisation else p.full_name
        )


class DelegateForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        help_text=_("The state's nominees to the meeting and people of its government bodies."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=DelegateRole.choices)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} · {p.organisation.display_name}" if p.organisation else p.full_name
        )


class BriefingForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Introductory briefing (event)"),
        queryset=None,
        help_text=_("Ticks the checklist's briefing item with the event's date."),
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = _event_label
