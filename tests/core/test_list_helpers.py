"""The helpers that keep list pages cheap give the same result as the slow way they replace:
links as reverse() makes them, choices as the model's own labels, options escaped."""

import pytest
from django.urls import reverse
from django.utils import translation

from shabaka.core.links import link_maker
from shabaka.core.selectors import grouped_values
from shabaka.core.widgets import FastSelect, LocalisedNameChoiceField
from shabaka.directory.models import Organisation, Place
from tests.factories.directory import OrganisationFactory, PlaceFactory, TopicFactory


@pytest.mark.parametrize("pk", [1, 42, 918273645546372, 10**12 + 7])
def test_link_maker_gives_the_url_reverse_gives_for_an_int(pk):
    link = link_maker("directory:organisation_detail")
    assert link(pk) == reverse("directory:organisation_detail", args=[pk])


@pytest.mark.parametrize("slug", ["lcsn", "x-link-marker", "libyan-cs-network_2"])
def test_link_maker_gives_the_url_reverse_gives_for_a_slug(slug):
    link = link_maker("networks:network_detail", "slug")
    assert link(slug) == reverse("networks:network_detail", args=[slug])


@pytest.mark.django_db
def test_localised_name_choices_follow_the_readers_language_and_clean_to_the_record():
    named = PlaceFactory(name="Zuwara", name_en="Zuwara", name_ar="زوارة")
    untranslated = PlaceFactory(name="Ajdabiya", name_en="", name_ar="")
    field = LocalisedNameChoiceField(queryset=Place.objects.order_by("name"), empty_label="Any")
    with translation.override("ar"):
        choices = list(field.choices)
        expected = [str(named), str(untranslated)]
    assert choices[0] == ("", "Any")
    assert sorted(label for _value, label in choices[1:]) == sorted(expected)
    assert dict(choices[1:])[named.pk] == "زوارة"
    assert dict(choices[1:])[untranslated.pk] == "Ajdabiya"
    assert field.clean(str(named.pk)) == named


@pytest.mark.django_db
def test_localised_name_options_are_read_fresh_and_follow_a_queryset_a_form_sets():
    from django import forms

    from shabaka.directory.models import Country

    libya_place = PlaceFactory(name="Sabha")

    class PlaceForm(forms.Form):
        place = LocalisedNameChoiceField(queryset=Place.objects.order_by("name"))

    class NarrowedForm(PlaceForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["place"].queryset = Place.objects.filter(name="Ghat")

    def labels(form):
        return [label for _value, label in form.fields["place"].choices][1:]

    assert labels(PlaceForm()) == ["Sabha"]
    # A place added later is listed: the options are read on each render, never kept.
    PlaceFactory(name="Ghat", country=Country.objects.get(pk=libya_place.country_id))
    assert labels(PlaceForm()) == ["Ghat", "Sabha"]
    # The form's own queryset, not the declared one.
    assert labels(NarrowedForm()) == ["Ghat"]
    assert labels(PlaceForm()) == ["Ghat", "Sabha"]


def test_fast_select_escapes_labels_and_marks_the_chosen_option():
    widget = FastSelect(choices=[("", "Any"), (1, "<b>A & B</b>"), (2, 'say "hi"')])
    html = widget.render("kind", 2, attrs={"id": "id_kind"})
    assert "<b>" not in html
    assert '<option value="1">&lt;b&gt;A &amp; B&lt;/b&gt;</option>' in html
    assert '<option value="2" selected>say &quot;hi&quot;</option>' in html
    assert html.startswith('<select id="id_kind" name="kind">')


@pytest.mark.django_db
def test_grouped_values_lists_each_parents_rows_in_query_order():
    first, second, alone = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    health, water = TopicFactory(name="Health"), TopicFactory(name="Water")
    first.topics.set([water, health])
    second.topics.set([health])
    through = Organisation.topics.through.objects.order_by("topic__name")
    names = grouped_values(through, "organisation_id", "topic__name")
    assert names[first.pk] == ["Health", "Water"]
    assert names[second.pk] == ["Health"]
    assert alone.pk not in names
    pairs = grouped_values(through, "organisation_id", "topic__name", "topic_id")
    assert pairs[second.pk] == [("Health", health.pk)]
