import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shabaka.core.errors import InvalidTransition, Refused
from shabaka.projects import services
from shabaka.projects.models import Funding, Project, ProjectStatus
from shabaka.projects.selectors import project_page
from tests.factories.directory import CountryFactory, OrganisationFactory
from tests.factories.projects import FundingFactory, ParticipantFactory, ProjectFactory


@pytest.mark.django_db
def test_co_funding_with_a_funder_acting_through_two_bodies(staff_user):
    project = ProjectFactory(slug="libmitaf")
    eu = OrganisationFactory(name="European Union", kind="donor")
    swiss = OrganisationFactory(name="Swiss Confederation", kind="donor")
    sem = OrganisationFactory(name="State Secretariat for Migration (SEM)", kind="government")
    fdfa = OrganisationFactory(name="Federal Department of Foreign Affairs (FDFA)")
    day = datetime.date(2021, 1, 1)
    services.funding_add(
        project=project,
        funder=eu,
        amount="1000",
        currency="eur",
        committed_on=day,
        added_by=staff_user,
    )
    services.funding_add(
        project=project,
        funder=swiss,
        through=sem,
        amount="500",
        currency="CHF",
        committed_on=day,
        added_by=staff_user,
    )
    services.funding_add(
        project=project,
        funder=swiss,
        through=fdfa,
        amount="250.5",
        currency="CHF",
        committed_on=day,
        added_by=staff_user,
    )
    roles = {(p.organisation.name, p.role) for p in project.participants.all()}
    assert roles == {
        ("European Union", "1"),
        ("Swiss Confederation", "1"),
        ("State Secretariat for Migration (SEM)", "3"),
        ("Federal Department of Foreign Affairs (FDFA)", "3"),
    }
    swiss_role = project.participants.get(organisation=swiss)
    assert {p.organisation.name for p in swiss_role.acting_through.all()} == {
        "State Secretariat for Migration (SEM)",
        "Federal Department of Foreign Affairs (FDFA)",
    }
    page = project_page(project=project, viewer=staff_user)
    assert page["co_funded"] is True
    assert page["funding_totals"] == [("CHF", 750.5), ("EUR", 1000)]
    assert {f.through.name for f in Funding.objects.filter(funder=swiss)} == {sem.name, fdfa.name}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": "-5"}, "more than zero"),
        ({"amount": "abc"}, "number"),
        ({"currency": "EURO"}, "ISO 4217"),
        ({"currency": "XYZ"}, "ISO 4217"),
        ({"through": "self"}, "itself"),
    ],
)
def test_bad_funding_is_refused_and_nothing_changes(staff_user, kwargs, message):
    project = ProjectFactory()
    funder = OrganisationFactory()
    values = {"amount": "10", "currency": "EUR", **kwargs}
    if values.get("through") == "self":
        values["through"] = funder
    with pytest.raises(Refused, match=message):
        services.funding_add(
            project=project,
            funder=funder,
            committed_on=datetime.date.today(),
            added_by=staff_user,
            **values,
        )
    assert not Funding.objects.exists() and not project.participants.exists()


@pytest.mark.django_db
def test_status_moves_only_along_the_named_transitions(staff_user):
    project = ProjectFactory(status=ProjectStatus.PIPELINE)
    services.project_start(project=project, by=staff_user)
    project.refresh_from_db()
    assert project.status == ProjectStatus.IMPLEMENTATION and project.actual_start
    with pytest.raises(InvalidTransition):
        services.project_close(project=project, by=staff_user)
    services.project_finalise(project=project, by=staff_user)
    services.project_close(project=project, by=staff_user)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert list(project.steps.values_list("to_status", flat=True)) == ["2", "3", "4"]


@pytest.mark.django_db
def test_a_post_carrying_status_changes_nothing(client, staff_user):
    project = ProjectFactory(status=ProjectStatus.PIPELINE, title="Old")
    client.force_login(staff_user)
    response = client.post(
        reverse("projects:project_edit", args=[project.slug]),
        {"title": "New title", "language": "en", "visibility": "public", "status": "4"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.status) == ("New title", ProjectStatus.PIPELINE)


@pytest.mark.django_db
def test_staff_create_a_project_and_move_it(client, staff_user):
    libya = CountryFactory(code="LY")
    client.force_login(staff_user)
    response = client.post(
        reverse("projects:project_create"),
        {
            "title": "Strategic and Institutional Management of Migration in Libya",
            "acronym": "SIMM",
            "language": "en",
            "visibility": "public",
            "currency": "EUR",
            "total_budget": "1000000",
            "countries": [libya.pk],
            "status": "4",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.status == ProjectStatus.PIPELINE
    client.post(reverse("projects:project_move", args=[project.slug, "start"]))
    project.refresh_from_db()
    assert project.status == ProjectStatus.IMPLEMENTATION


@pytest.mark.django_db
def test_outsiders_and_anonymous_cannot_write(client, outsider):
    """A project the outsider may read refuses its changes with 403 (core.refusals); one they
    may not read is a 404, as if it did not exist."""
    from shabaka.core.visibility import Visibility

    project = ProjectFactory(status=ProjectStatus.PIPELINE, visibility=Visibility.PUBLIC)
    hidden = ProjectFactory(status=ProjectStatus.PIPELINE, visibility=Visibility.STAFF)
    assert client.get(reverse("projects:project_create")).status_code == 302
    client.force_login(outsider)
    for name in ("project_edit", "participant_add", "funding_add", "identifier_add"):
        assert client.get(reverse(f"projects:{name}", args=[project.slug])).status_code == 403
        assert client.get(reverse(f"projects:{name}", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("projects:project_create")).status_code == 403
    assert client.get(reverse("projects:iati_import")).status_code == 403
    response = client.post(reverse("projects:project_move", args=[project.slug, "start"]))
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.PIPELINE


@pytest.mark.django_db
def test_hidden_projects_and_unlisted_partners_stay_hidden(client, outsider, staff_user):
    ProjectFactory(slug="staff-only", visibility="staff", title="Staff only project")
    ProjectFactory(slug="members-only", visibility="members", title="Members only project")
    project = ProjectFactory(slug="open", title="Open project")
    ParticipantFactory(
        project=project,
        organisation=OrganisationFactory(name="Unlisted Association", visibility="members"),
    )
    ParticipantFactory(project=project, organisation=OrganisationFactory(name="Listed Body"))
    for user in (None, outsider):
        if user:
            client.force_login(user)
        listing = client.get(reverse("projects:project_list")).content.decode()
        assert "Open project" in listing and "only project" not in listing
        for slug in ("staff-only", "members-only"):
            assert client.get(reverse("projects:project_detail", args=[slug])).status_code == 404
        page = client.get(reverse("projects:project_detail", args=["open"])).content.decode()
        assert "Listed Body" in page and "Unlisted Association" not in page
        xml = client.get(reverse("projects:iati_export")).content.decode()
        assert "Unlisted Association" not in xml and "only project" not in xml
    client.force_login(staff_user)
    assert client.get(reverse("projects:project_detail", args=["staff-only"])).status_code == 200


@pytest.mark.django_db
def test_project_list_filters(client):
    libya, tunisia = CountryFactory(code="LY"), CountryFactory(code="TN", name="Tunisia")
    eu = OrganisationFactory(name="European Union", kind="donor")
    a = ProjectFactory(title="Alpha project", status=ProjectStatus.IMPLEMENTATION)
    a.countries.add(libya)
    FundingFactory(project=a, funder=eu)
    ParticipantFactory(project=a, organisation=eu, role="1")
    b = ProjectFactory(title="Beta project", status=ProjectStatus.CLOSED)
    b.countries.add(tunisia)
    url = reverse("projects:project_list")
    for query in ("?country=LY", "?status=2", f"?donor={eu.pk}"):
        page = client.get(url + query).content.decode()
        assert "Alpha project" in page and "Beta project" not in page, query


@pytest.mark.django_db
def test_project_list_query_count_does_not_grow_with_rows(client):
    libya = CountryFactory(code="LY")

    def make(n):
        for _ in range(n):
            project = ProjectFactory()
            project.countries.add(libya)
            ParticipantFactory(project=project, role="1")

    make(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("projects:project_list")).status_code == 200
    make(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("projects:project_list")).status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_project_page_shows_partners_funding_and_news(client):
    from tests.factories.content import NewsFactory

    project = ProjectFactory(slug="simm-libya", title="SIMM")
    swiss = OrganisationFactory(name="Swiss Confederation", kind="donor")
    sem = OrganisationFactory(name="State Secretariat for Migration (SEM)")
    funding = ParticipantFactory(project=project, organisation=swiss, role="1")
    ParticipantFactory(project=project, organisation=sem, role="3", acting_for=funding)
    FundingFactory(project=project, funder=swiss, through=sem, currency="CHF")
    news = NewsFactory(title="Tripoli workshop")
    news.projects.add(project)
    page = client.get(reverse("projects:project_detail", args=["simm-libya"])).content.decode()
    assert "on behalf of Swiss Confederation" in page
    assert "Tripoli workshop" in page
    assert reverse("content:project_news_feed", args=["simm-libya"]) in page


@pytest.mark.django_db
def test_the_project_page_hides_an_unlisted_organisation_named_on_behalf_of_or_through(client):
    project = ProjectFactory(slug="hidden-funder", title="Hidden funder project")
    secret = OrganisationFactory(name="Secret Donor Agency", kind="donor", visibility="members")
    listed = OrganisationFactory(name="Listed Implementer")
    on_behalf = ParticipantFactory(project=project, organisation=secret, role="1")
    ParticipantFactory(project=project, organisation=listed, role="4", acting_for=on_behalf)
    FundingFactory(project=project, funder=listed, through=secret, currency="EUR")
    FundingFactory(project=project, funder=listed, currency="CHF")
    page = client.get(reverse("projects:project_detail", args=["hidden-funder"])).content.decode()
    assert "Listed Implementer" in page
    assert "Secret Donor Agency" not in page and "on behalf of" not in page
    assert "CHF" in page and "EUR" not in page  # a line through a hidden body is left out


@pytest.mark.django_db
def test_the_project_page_runs_the_same_queries_with_more_partners_and_organisations(
    client, staff_user
):
    from tests.factories.events import EventFactory

    project = ProjectFactory(slug="busy")

    def add(n):
        for _ in range(n):
            organisation = OrganisationFactory()
            ParticipantFactory(project=project, organisation=organisation, role="4")
            FundingFactory(project=project, funder=organisation)
            EventFactory(project=project)
            OrganisationFactory()  # organisations elsewhere do not count either

    def count():
        url = reverse("projects:project_detail", args=["busy"])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for user in (None, staff_user):
        if user:
            client.force_login(user)
        add(2)
        few = count()
        add(25)  # more events than the page lists (20)
        assert count() == few


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "countries", "places"),
    [
        ("en", "Italy, Libya", "Lampedusa, Misrata, Tripoli, Zuwara"),
        ("ar", "Italy, ليبيا", "Lampedusa, مصراتة, طرابلس, Zuwara"),
    ],
)
def test_the_page_names_countries_and_places_in_the_readers_language_and_order(
    client, language, countries, places
):
    from shabaka.directory.models import PlaceLevel
    from tests.factories.directory import PlaceFactory

    libya, italy = CountryFactory(code="LY"), CountryFactory(code="IT")
    project = ProjectFactory(slug="where")
    project.countries.add(libya, italy)
    project.places.add(
        # By country code, then level ("district" before "municipality"), then name.
        PlaceFactory(country=italy, name="Lampedusa", level=PlaceLevel.MUNICIPALITY),
        PlaceFactory(country=libya, name="Zuwara", level=PlaceLevel.MUNICIPALITY),
        PlaceFactory(country=libya, name="Tripoli", name_ar="طرابلس", level=PlaceLevel.DISTRICT),
        PlaceFactory(country=libya, name="Misrata", name_ar="مصراتة", level=PlaceLevel.DISTRICT),
    )
    response = client.get(f"/projects/{project.slug}/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert f"<dd>{countries}</dd>" in html
    assert f"<dd>{places}</dd>" in html
