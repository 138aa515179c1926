"""Forms of the events pages. None of them has a status field: the life cycles move only
through the named transitions in events.services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shabaka.core.fields import LONG_TEXT, ModelMultipleChoiceField, NameField
from shabaka.core.guards import validate_date
from shabaka.core.visibility import Visibility
from shabaka.core.widgets import FastSelect
from shabaka.directory.models import Country, Gender, Organisation, Place
from shabaka.events.models import (
    RATING_QUESTIONS,
    AttendanceMode,
    EventFormat,
    EventType,
    ParticipationRole,
)


def _blank(choices):
    return [("", _("Any")), *choices]


class EventFilterForm(forms.Form):
    """The filters of the events list, calendar and exports. Networks and projects grow with the
    data (2,000 projects at scale 1): they are typed (part of a name or acronym, or the short
    name in links), not picked from a list of them all, so the form stays the same size
    whatever the data; a plain text box works without JavaScript and on a phone. Places are
    the fixed list of administrative units (about a hundred)."""

    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=_blank(EventType.choices), widget=FastSelect
    )
    place = forms.TypedChoiceField(label=_("Place"), required=False, coerce=int, widget=FastSelect)
    network = forms.CharField(
        label=_("Network (name or acronym)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    project = forms.CharField(
        label=_("Project (name or acronym)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        from shabaka.events.selectors import place_filter_choices

        self.viewer = viewer
        self.fields["place"].choices = _blank(place_filter_choices())

    def filters(self) -> dict:
        """Keyword arguments for selectors.event_list: a place, and the networks and projects
        the viewer may see whose name, acronym or short name matches the text typed."""
        from shabaka.events.selectors import projects_matching
        from shabaka.networks.selectors import networks_matching

        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if "place" in data:
            data["place"] = Place.objects.get(pk=data["place"])
        if "network" in data:
            data["network"] = networks_matching(viewer=self.viewer, text=data["network"])
        if "project" in data:
            data["project"] = projects_matching(viewer=self.viewer, text=data["project"])
        return data


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time, read in the event's time zone by the service (not the server's)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_validators = [validate_date]

    def to_python(self, value):
        result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


class EventForm(forms.Form):
    title = NameField(label=_("Title"), max_length=300)
    slug = forms.SlugField(label=_("Short name in links"), max_length=120)
    description = forms.CharField(
        max_length=LONG_TEXT, label=_("Description"), required=False, widget=forms.Textarea
    )
    type = forms.ChoiceField(label=_("Type"), choices=EventType.choices)
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices)
    place = forms.ModelChoiceField(label=_("Place"), required=False, queryset=Place.objects.all())
    venue = forms.CharField(label=_("Venue"), required=False, max_length=250)
    country = forms.ModelChoiceField(
        label=_("Country (for an event abroad)"), required=False, queryset=Country.objects.all()
    )
    starts_at = LocalDateTimeField(label=_("Starts (local time)"))
    ends_at = LocalDateTimeField(label=_("Ends (local time)"))
    time_zone = forms.CharField(label=_("Time zone"), initial="Africa/Tripoli", max_length=64)
    organisers = ModelMultipleChoiceField(label=_("Organisers"), required=False, queryset=None)
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=None)
    networks = ModelMultipleChoiceField(
        label=_("Networks concerned"), required=False, queryset=None
    )
    languages = forms.CharField(
        max_length=60,
        label=_("Languages"),
        required=False,
        help_text=_("BCP 47 codes, e.g. ar, en"),
    )
    visibility = forms.ChoiceField(label=_("Who sees this event"), choices=Visibility.choices)

    def __init__(self, *args, viewer, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        from shabaka.directory.selectors import organisations_visible_to
        from shabaka.networks.selectors import networks_visible_to
        from shabaka.projects.selectors import projects_visible_to

        self.fields["organisers"].queryset = organisations_visible_to(viewer)
        self.fields["networks"].queryset = networks_visible_to(viewer)
        self.fields["project"].queryset = projects_visible_to(viewer)
        if editing:
            del self.fields["slug"]


class SessionForm(forms.Form):
    title = NameField(label=_("Session"), max_length=300)
    starts_at = LocalDateTimeField(label=_("Starts (local time)"))
    ends_at = LocalDateTimeField(label=_("Ends (local time)"), required=False)
    speakers = forms.CharField(label=_("Speakers"), required=False, max_length=500)


class MaterialForm(forms.Form):
    title = NameField(label=_("Title"), max_length=300)
    upload = forms.FileField(label=_("File"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices)


class EventStepForm(forms.Form):
    reason = forms.CharField(
        max_length=LONG_TEXT, label=_("Reason"), required=False, widget=forms.Textarea
    )


class InvitationForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), required=False, queryset=None)
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, queryset=None)
    country = forms.ModelChoiceField(
        label=_("State (its delegation)"), required=False, queryset=Country.objects.all()
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
    note = forms.CharField(
        max_length=LONG_TEXT, label=_("Note to the nominating body"), required=False
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        from shabaka.directory.selectors import organisations_visible_to
        from shabaka.networks.selectors import networks_visible_to

        self.fields["network"].queryset = networks_visible_to(viewer)
        self.fields["organisation"].queryset = organisations_visible_to(viewer)


class CandidateForm(forms.Form):
    """An existing person, or a new one."""

    person = forms.ModelChoiceField(label=_("An existing person"), required=False, queryset=None)
    full_name = NameField(max_length=200, label=_("Or a new person: full name"), required=False)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("The nominee answers through a link sent to this address."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial="undisclosed")
    position = forms.CharField(max_length=200, label=_("Position"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none()
    )

    def __init__(self, *args, viewer, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        from shabaka.directory.selectors import organisations_visible_to, people_visible_to

        people = people_visible_to(viewer)
        organisations = organisations_visible_to(viewer)
        if invitation.network_id:
            from shabaka.networks.models import MembershipStatus

            members = invitation.network.memberships.filter(status=MembershipStatus.ACTIVE).values(
                "organisation_id"
            )
            organisations = organisations.filter(pk__in=members)
            people = people.filter(organisation__in=members)
        elif invitation.organisation_id:
            organisations = organisations.filter(pk=invitation.organisation_id)
            people = people.filter(organisation_id=invitation.organisation_id)
        self.fields["person"].queryset = people
        self.fields["organisation"].queryset = organisations

    def candidate(self) -> dict:
        data = self.cleaned_data
        if data.get("person"):
            return {"person": data["person"]}
        return {
            "new_person": {
                "full_name": data.get("full_name", ""),
                "email": data.get("email", ""),
                "gender": data.get("gender"),
                "position": data.get("position", ""),
                "organisation": data.get("organisation"),
            }
        }


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=ParticipationRole.choices)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        from shabaka.directory.selectors import people_visible_to

        self.fields["person"].queryset = people_visible_to(viewer)


class AttendanceForm(forms.Form):
    participation = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput)
    mode = forms.ChoiceField(choices=[("", _("Absent")), *AttendanceMode.choices], required=False)


class FeedbackForm(forms.Form):
    comment = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Anything else you want to tell the organisers?"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Your answers are anonymous: the organisers see only the totals."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in range(1, 6)]
        ratings = {
            field: forms.ChoiceField(
                label=question,
                choices=choices,
                widget=forms.RadioSelect,
                help_text=_("1 = poor, 5 = excellent"),
            )
            for field, question in RATING_QUESTIONS
        }
        self.fields = {**ratings, **self.fields}


class NomineeResponseForm(forms.Form):
    reason = forms.CharField(
        max_length=LONG_TEXT, label=_("Reason (if you withdraw)"), required=False
    )
