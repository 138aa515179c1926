"""Forms of the plans app. None of them carries a `status`: life cycles move only through the
named services (adopt, revise, close; start, finish, postpone, reschedule, cancel; validate,
reject)."""

from decimal import Decimal, DecimalException

from django import forms
from django.utils.translation import gettext_lazy as _

from shabaka.core.fields import LONG_TEXT, ModelMultipleChoiceField, NameField
from shabaka.core.visibility import Visibility, visibility_of
from shabaka.plans.models import (
    DISAGGREGATION_DIMENSIONS,
    ActionPlan,
    Activity,
    IndicatorDirection,
    IndicatorUnit,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    title = NameField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        max_length=LONG_TEXT, label=_("Summary"), widget=forms.Textarea, required=False
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    visibility = forms.ChoiceField(
        label=_("Who sees this plan"), choices=Visibility.choices, initial=Visibility.MEMBERS
    )

    @classmethod
    def for_plan(cls, plan: ActionPlan, data=None):
        return cls(
            data,
            initial={
                "title": plan.title,
                "summary": plan.summary,
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "visibility": plan.visibility,
            },
        )


class DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DATE, required=False, help_text=_("Today if left empty.")
    )
    reason = forms.CharField(
        max_length=LONG_TEXT, label=_("Reason"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class ObjectiveForm(forms.Form):
    code = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = NameField(label=_("Title"), max_length=300)
    description = forms.CharField(
        max_length=LONG_TEXT, label=_("Description"), widget=forms.Textarea, required=False
    )


class ActivityForm(forms.Form):
    objective = forms.ModelChoiceField(label=_("Objective"), queryset=None)
    code = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = NameField(label=_("Title"), max_length=300)
    description = forms.CharField(
        max_length=LONG_TEXT, label=_("Description"), widget=forms.Textarea, required=False
    )
    lead = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=None,
        help_text=_("An active member of the network."),
        error_messages={
            "invalid_choice": _(
                "Choose an active member of the network: only a member can lead an activity."
            )
        },
    )
    partners = ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=None,
        required=False,
        help_text=_("Members of this or another network: a joint activity shows on both."),
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE)
    budget = forms.DecimalField(
        label=_("Budget"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    places = ModelMultipleChoiceField(label=_("Places"), queryset=None, required=False)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)

    def __init__(self, *args, plan, viewer, **kwargs):
        from shabaka.directory.models import Place
        from shabaka.directory.selectors import organisations_visible_to
        from shabaka.networks.models import Membership, MembershipStatus

        super().__init__(*args, **kwargs)
        visible = organisations_visible_to(viewer)
        members = Membership.objects.filter(status=MembershipStatus.ACTIVE)
        self.fields["objective"].queryset = plan.objectives.order_by("order", "id")
        self.fields["lead"].queryset = visible.filter(
            pk__in=members.filter(network=plan.network).values("organisation_id")
        )
        self.fields["partners"].queryset = visible.filter(
            pk__in=members.filter(organisation__isnull=False).values("organisation_id")
        )
        self.fields["places"].queryset = Place.objects.filter(country=plan.network.country_id)
        # Plans sits below projects: the projects the viewer may see, as projects defines it.
        project = Activity._meta.get_field("project").related_model
        self.fields["project"].queryset = visibility_of(project).queryset(viewer)


class ActivityMoveForm(forms.Form):
    ACTIONS = [
        ("start", _("Started")),
        ("finish", _("Done")),
        ("postpone", _("Postponed")),
        ("reschedule", _("Rescheduled")),
        ("cancel", _("Cancelled")),
    ]
    action = forms.ChoiceField(label=_("What happened"), choices=ACTIONS)
    on_date = forms.DateField(
        label=_("On"), widget=DATE, required=False, help_text=_("Today if left empty.")
    )
    planned_start = forms.DateField(label=_("New planned start"), widget=DATE, required=False)
    planned_end = forms.DateField(label=_("New planned end"), widget=DATE, required=False)
    reason = forms.CharField(
        max_length=LONG_TEXT, label=_("Reason"), widget=forms.Textarea, required=False
    )


class IndicatorForm(forms.Form):
    title = NameField(label=_("Title"), max_length=300)
    description = forms.CharField(
        max_length=LONG_TEXT, label=_("Description"), widget=forms.Textarea, required=False
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=IndicatorUnit.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=IndicatorDirection.choices)
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=16, decimal_places=2
    )
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False)
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=16, decimal_places=2)
    target_date = forms.DateField(label=_("Target date"), widget=DATE, required=False)
    disaggregation = forms.MultipleChoiceField(
        label=_("Disaggregated by"),
        choices=list(DISAGGREGATION_DIMENSIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def parse_breakdown(text: str) -> dict:
    """'gender: female = 12' lines into {"gender": {"female": "12"}}."""
    breakdown: dict[str, dict] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        dimension, sep, rest = line.partition(":")
        category, sep2, value = rest.partition("=")
        if not (sep and sep2 and dimension.strip() and category.strip()):
            raise forms.ValidationError(
                _("Line %(n)s: write “dimension: category = value”, e.g. gender: female = 12.")
                % {"n": number}
            )
        try:
            amount = Decimal(value.strip())
        except DecimalException:
            raise forms.ValidationError(
                _("Line %(n)s: the value must be a number.") % {"n": number}
            ) from None
        breakdown.setdefault(dimension.strip(), {})[category.strip()] = str(amount)
    return breakdown


class ProgressForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    value = forms.DecimalField(
        label=_("Value reached"),
        max_digits=16,
        decimal_places=2,
        help_text=_("For yes/no, 1 means yes and 0 no."),
    )
    period_target = forms.DecimalField(
        label=_("Target for the period"), required=False, max_digits=16, decimal_places=2
    )
    narrative = forms.CharField(
        max_length=LONG_TEXT, label=_("What was done"), widget=forms.Textarea
    )
    disaggregated_values = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Values by dimension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line, e.g. gender: female = 12"),
    )
    evidence = forms.FileField(label=_("Evidence (a document)"), required=False)
    evidence_link = forms.URLField(
        label=_("Or a link to the evidence"),
        required=False,
        assume_scheme="https",
        max_length=500,
    )

    def clean_disaggregated_values(self):
        return parse_breakdown(self.cleaned_data.get("disaggregated_values", ""))


class ConfirmForm(forms.Form):
    """A confirmation with nothing to fill in."""


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=LONG_TEXT, label=_("Why is it rejected?"), widget=forms.Textarea
    )


class AdaptationForm(forms.Form):
    title = NameField(label=_("Title"), max_length=250)
    what_changed = forms.CharField(
        max_length=LONG_TEXT, label=_("What changed"), widget=forms.Textarea
    )
    why = forms.CharField(max_length=LONG_TEXT, label=_("Why"), widget=forms.Textarea)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    decided_by = forms.CharField(label=_("Decided by"), max_length=250)
    occasion = forms.CharField(label=_("Where it was decided"), max_length=250, required=False)
    activities = ModelMultipleChoiceField(
        label=_("Affected activities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = plan.activities.order_by("planned_start", "id")
