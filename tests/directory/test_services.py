"""Organisation and person services: validation, tolerant duplicate detection, audit."""

import pytest

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import Refused
from shabaka.directory import services
from shabaka.directory.models import Organisation
from tests.factories.directory import CountryFactory, OrganisationFactory, PlaceFactory


@pytest.mark.django_db
def test_creating_an_organisation_is_audited_with_its_places(staff_user):
    place = PlaceFactory()
    organisation = services.organisation_create(
        created_by=staff_user,
        name="  جمعية   الأمل  ",
        kind="cso",
        country=CountryFactory(),
        places=[place],
    )
    assert organisation.name == "جمعية الأمل"
    entry = AuditEntry.objects.get(object_id=str(organisation.pk), action="create")
    assert entry.changes["places"] == [None, [place.pk]]
    assert entry.actor == staff_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "variant",
    ["جمعيه الامل", "جَمعيّة الأمل", "جمعـــية إلامل", "JAMEYA alamal", "Jameya  Alamal"],
)
def test_a_name_matching_an_existing_one_despite_forms_and_case_is_refused(staff_user, variant):
    OrganisationFactory(name="جمعية الأمل")
    OrganisationFactory(name="Jameya Alamal")
    count = Organisation.objects.count()
    entries = AuditEntry.objects.count()
    with pytest.raises(Refused, match="already exists"):
        services.organisation_create(
            created_by=staff_user, name=variant, kind="cso", country=CountryFactory()
        )
    assert Organisation.objects.count() == count
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_bad_input_is_refused_with_the_field_and_changes_nothing(staff_user):
    organisation = OrganisationFactory(name="Good Name")
    with pytest.raises(Refused) as refused:
        services.organisation_update(
            organisation=organisation, updated_by=staff_user, website="not a url"
        )
    assert refused.value.field == "website"
    with pytest.raises(Refused, match="Unknown fields: status"):
        services.organisation_update(organisation=organisation, updated_by=staff_user, status="x")
    organisation.refresh_from_db()
    assert organisation.website == ""
    assert not AuditEntry.objects.filter(action="update").exists()


@pytest.mark.django_db
def test_updating_records_old_and_new_values(staff_user):
    organisation = OrganisationFactory(name="Old Name", acronym="ON")
    services.organisation_update(
        organisation=organisation, updated_by=staff_user, name="New Name", acronym="NN"
    )
    entry = AuditEntry.objects.get(action="update", object_id=str(organisation.pk))
    assert entry.changes["name"] == ["Old Name", "New Name"]
    assert entry.changes["normalised_name"] == ["old name", "new name"]


@pytest.mark.django_db
def test_person_create_and_update_are_audited(staff_user):
    person = services.person_create(
        created_by=staff_user, full_name="Placeholder Contact", email="a@b.example"
    )
    services.person_update(person=person, updated_by=staff_user, position="Chair")
    assert AuditEntry.objects.filter(object_id=str(person.pk)).count() == 2
    with pytest.raises(Refused, match="name"):
        services.person_update(person=person, updated_by=staff_user, full_name=" ")
    person.refresh_from_db()
    assert person.full_name == "Placeholder Contact"
