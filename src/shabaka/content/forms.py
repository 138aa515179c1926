from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shabaka.core.fields import LONG_TEXT, NEWS_BODY, ModelMultipleChoiceField, NameField
from shabaka.core.visibility import Visibility
from shabaka.core.widgets import FastSelect


class NewsForm(forms.Form):
    """A news item's content and links; never its status (news_publish / news_unpublish)."""

    title = NameField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        max_length=NEWS_BODY,
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown."),
    )
    language = forms.CharField(
        label=_("Language"), max_length=12, initial="en", help_text=_("BCP 47 code: en, ar, fr…")
    )
    lead_image = forms.FileField(label=_("Lead image (PNG or JPEG)"), required=False)
    lead_image_alt = forms.CharField(
        label=_("Alternative text of the image"), max_length=300, required=False
    )
    projects = ModelMultipleChoiceField(label=_("Projects"), queryset=None, required=False)
    networks = ModelMultipleChoiceField(label=_("Networks"), queryset=None, required=False)
    countries = ModelMultipleChoiceField(label=_("Countries"), queryset=None, required=False)
    tags = ModelMultipleChoiceField(label=_("Tags"), queryset=None, required=False)

    def __init__(self, *args, projects, networks, countries, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        self.fields["networks"].queryset = networks
        self.fields["countries"].queryset = countries
        self.fields["tags"].queryset = tags


class NewsFilterForm(forms.Form):
    """Country, project and tag. The project list is bounded: the projects of the latest news
    (a list of every project grew with the data), plus the one asked for, so a link from a
    project's page (`?project=<slug>`) shows it selected. Plain <select>s: no JavaScript."""

    country = forms.ChoiceField(label=_("Country"), required=False, widget=FastSelect)
    project = forms.SlugField(
        label=_("Project"),
        required=False,
        allow_unicode=True,
        max_length=140,
        widget=FastSelect,
        help_text=_("Projects with recent news. For another project, follow the link on its page."),
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False, widget=FastSelect)

    def __init__(self, *args, countries=(), projects=(), tags=(), **kwargs):
        """`projects`: (slug, label) pairs (content.selectors.news_filter_projects)."""
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any"))] + [(c.code, str(c)) for c in countries]
        self.fields["project"].widget.choices = [("", _("Any")), *projects]
        self.fields["tag"].choices = [("", _("Any"))] + [(t.slug, str(t)) for t in tags]


class DocumentUploadForm(forms.Form):
    title = NameField(label=_("Title"), max_length=300)
    description = forms.CharField(
        max_length=LONG_TEXT, label=_("Description"), widget=forms.Textarea, required=False
    )
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("Or a link"), required=False, assume_scheme="https", max_length=200
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    visibility = forms.ChoiceField(
        label=_("Who may read it"), choices=Visibility.choices, initial=Visibility.MEMBERS
    )
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=None,
        required=False,
        help_text=_("For “members”: only this network's members (and staff) may read it."),
    )
    project = forms.ModelChoiceField(
        label=_("Belongs to the project"), queryset=None, required=False
    )

    def __init__(self, *args, networks, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["project"].queryset = projects


class NewVersionForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("Or a link"), required=False, assume_scheme="https", max_length=200
    )
    title = NameField(label=_("Title"), max_length=300, required=False)
