"""Input that once reached the database or crashed a page: a date in year 1, a name of 100,000
characters in a 200-character column, NUL, and bidirectional controls that make one name show
as another. Each is refused with a message (or, for the controls in a name, stripped), whichever
way it comes in: a form, a service, any save of a record (core.guards)."""

from datetime import datetime

import pytest
from django.urls import reverse

from shabaka.core.errors import Refused
from shabaka.core.text import clean_name
from shabaka.directory.models import Person
from shabaka.events import services as event_services
from shabaka.events.models import Event
from tests.factories.directory import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

EVENT_FORM = {
    "title": "Workshop",
    "slug": "year-one",
    "type": "workshop",
    "format": "in_person",
    "starts_at": "0001-01-01T00:00",
    "ends_at": "0001-01-02T00:00",
    "time_zone": "Africa/Tripoli",
    "visibility": "public",
}


def test_an_event_in_year_one_is_refused_by_the_form(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("events:event_create"), EVENT_FORM)
    assert response.status_code == 200
    assert "Give a date between 1900-01-01 and 2199-12-31" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("year", [1, 9999])
def test_an_event_in_year_one_is_refused_by_the_service(staff_user, year):
    with pytest.raises(Refused, match="Give a date between") as refused:
        event_services.event_create(
            created_by=staff_user,
            slug="year-one",
            title="Workshop",
            type="workshop",
            starts_at=datetime(year, 1, 1, 9),
            ends_at=datetime(year, 1, 1, 10),
        )
    assert refused.value.field == "starts_at"
    assert not Event.objects.exists()


def test_a_name_longer_than_its_column_is_refused_on_save():
    with pytest.raises(Refused, match="At most 200 characters") as refused:
        PersonFactory(full_name="A" * 100_000)
    assert refused.value.field == "full_name"
    assert not Person.objects.exists()


def test_nul_in_text_is_refused_on_save():
    with pytest.raises(Refused, match="NUL") as refused:
        OrganisationFactory(website="https://example.org/\x00")
    assert refused.value.field == "website"


@pytest.mark.parametrize(
    "control",
    ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068"]
    + ["\u2069", "\u200e", "\u200f", "\u061c", "\x00"],
)
def test_bidi_controls_are_stripped_from_names(control):
    assert clean_name(f"Fatima{control} Ali") == "Fatima Ali"
    person = PersonFactory(full_name=f"{control}Fatima Ali{control}")
    person.refresh_from_db()
    assert person.full_name == "Fatima Ali"
    organisation = OrganisationFactory(name=f"جمعية{control} الهجرة", acronym=f"{control}JH")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.acronym) == ("جمعية الهجرة", "JH")


def test_arabic_names_and_combining_marks_are_kept():
    # Only controls go: Arabic letters, harakat and combining accents are part of the name.
    name = "مُحَمَّد Zoë Cafe\u0301"
    assert clean_name(name) == name
    assert PersonFactory(full_name=name).full_name == name


def _form_classes():
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import shabaka

    for info in pkgutil.walk_packages(shabaka.__path__, "shabaka."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_text_field_of_every_form_has_a_maximum_length():
    """A form says "at most N characters" beside the field, before any service is asked."""
    from django import forms

    found, unbounded = 0, []
    for cls in _form_classes():
        if issubclass(cls, forms.ModelForm):
            try:
                fields = cls().fields  # model forms bound their TextField columns when built
            except TypeError:
                fields = cls.base_fields
        else:
            fields = cls.base_fields
        for name, field in fields.items():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            found += 1
            if field.max_length is None:
                unbounded.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert found > 50
    assert not unbounded, "\n".join(unbounded)


def test_a_long_name_through_a_form_is_refused_beside_its_field(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("directory:organisation_create"), {"name": "A" * 100_000, "kind": "cso"}
    )
    assert response.status_code == 200
    assert "at most 250 characters" in response.content.decode()
    from shabaka.directory.models import Organisation

    assert not Organisation.objects.exists()


def test_forms_strip_bidi_controls_from_names():
    """The forms clean names with the same helper as the guard, so the page shows what will be
    stored (a candidate's name, a plan's title, an organisation's name)."""
    from shabaka.directory.forms import OrganisationForm
    from shabaka.events.forms import CandidateForm
    from shabaka.plans.forms import PlanForm

    assert CandidateForm.base_fields["full_name"].clean("\u202eFatima Ali\u202c") == "Fatima Ali"
    assert PlanForm.base_fields["title"].clean("Plan\u2067 2021\u2069") == "Plan 2021"
    name = OrganisationForm().fields["name"]
    assert name.clean("جمعية\u200f الهجرة\x00") == "جمعية الهجرة"
