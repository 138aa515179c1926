"""One search across the platform: Arabic-aware, stemmed, permission-filtered, always current."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shabaka.content import services as content_services
from shabaka.core.visibility import Visibility
from shabaka.search.analysis import index_text, query_terms
from shabaka.search.selectors import highlight, search
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory

ANONYMOUS = None


def found(query, viewer=ANONYMOUS, **kwargs):
    from django.contrib.auth.models import AnonymousUser

    outcome = search(query=query, viewer=viewer or AnonymousUser(), **kwargs)
    return [html.unescape(re.sub(r"</?mark>", "", str(r.title))) for r in outcome.results]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "query"),
    [
        # diacritics in the text, none in the query, and the reverse
        ("جَمْعِيَّة الهِجْرَة والتَّنْمِيَة", "جمعية الهجرة"),
        ("جمعية الهجرة والتنمية", "جَمْعِيَّة"),
        # alef forms: أ إ آ written, bare alef typed
        ("منظمة إغاثة المهاجرين", "اغاثه"),
        ("أصدقاء الأسرة", "اصدقاء"),
        # alef maqsura and ya, ta marbuta and ha
        ("ملتقى الشباب", "ملتقي"),
        ("شبكة الحماية", "شبكه الحمايه"),
        # tatweel
        ("جمعيـــة الأمل", "جمعية الامل"),
        # Arabic definite article: the stem finds the word with and without it
        ("مركز دعم المهاجرين", "مهاجرين"),
    ],
)
def test_arabic_is_found_whatever_the_letter_forms(stored, query):
    OrganisationFactory(name=stored)
    OrganisationFactory(name="Unrelated Association")
    assert found(query) == [stored]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("Réseau des associations pour la migration", "reseau"),
        ("Reseau des associations", "réseaux"),
        ("Network for Migration and Development", "migrations"),
        ("Networking for protection of migrants", "migrant"),
        ("Organisation d'aide aux migrants", "MIGRANTS"),
    ],
)
def test_english_and_french_are_stemmed_and_accent_folded(stored, query):
    OrganisationFactory(name=stored)
    OrganisationFactory(name="جمعية أخرى")
    assert found(query) == [stored]


@pytest.mark.django_db
def test_all_words_must_match_and_title_ranks_above_body():
    OrganisationFactory(name="Tripoli Legal Aid", description="works on protection")
    OrganisationFactory(name="Misrata Protection Network", description="legal aid in Misrata")
    OrganisationFactory(name="Sabha Youth", description="sport")
    assert found("protection") == ["Misrata Protection Network", "Tripoli Legal Aid"]
    assert found("legal misrata") == ["Misrata Protection Network"]


@pytest.mark.django_db
def test_an_update_is_found_immediately_and_a_deletion_disappears():
    organisation = OrganisationFactory(name="Old Name Association")
    organisation.name = "جمعية النور"
    organisation.save()
    assert found("النور") == ["جمعية النور"]
    assert found("old name") == []
    organisation.delete()
    assert found("النور") == []


@pytest.mark.django_db
def test_unlisted_organisations_are_found_only_by_those_who_may_see_them(make_user):
    from shabaka.accounts.models import Role

    hidden = OrganisationFactory(name="Shelter Alpha", visibility=Visibility.MEMBERS)
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=hidden)
    colleague_org = OrganisationFactory(name="Colleague Org")
    MembershipFactory(network=network, organisation=colleague_org)
    member = make_user(scoped=[(Role.ORG_EDITOR, colleague_org)])
    outsider = make_user(scoped=[(Role.ORG_EDITOR, OrganisationFactory(name="Far Away"))])
    staff = make_user(Role.STAFF)
    assert found("shelter") == []
    assert found("shelter", viewer=outsider) == []
    assert found("shelter", viewer=member) == ["Shelter Alpha"]
    assert found("shelter", viewer=staff) == ["Shelter Alpha"]


@pytest.mark.django_db
def test_members_only_document_is_not_found_by_an_anonymous_user(staff_user, make_user):
    from shabaka.accounts.models import Role

    network = NetworkFactory()
    org = OrganisationFactory()
    MembershipFactory(network=network, organisation=org)
    member = make_user(scoped=[(Role.ORG_EDITOR, org)])
    content_services.document_create(
        title="Internal security assessment",
        upload=SimpleUploadedFile("a.txt", b"Routes near the border crossing"),
        visibility=Visibility.MEMBERS,
        network=network,
        uploaded_by=staff_user,
    )
    content_services.document_create(
        title="Public annual report",
        upload=SimpleUploadedFile("b.txt", b"border management overview"),
        visibility=Visibility.PUBLIC,
        uploaded_by=staff_user,
    )
    assert found("border") == ["Public annual report"]
    assert sorted(found("border", viewer=member)) == [
        "Internal security assessment",
        "Public annual report",
    ]


@pytest.mark.django_db
def test_the_text_of_a_pdf_is_searchable(staff_user):
    from pathlib import Path

    pdf = (Path(__file__).parent / "data" / "workshop-report.pdf").read_bytes()
    content_services.document_create(
        title="Workshop report",
        upload=SimpleUploadedFile("report.pdf", pdf),
        visibility=Visibility.PUBLIC,
        uploaded_by=staff_user,
    )
    assert found("adaptation") == ["Workshop report"]


@pytest.mark.django_db
def test_results_are_filtered_by_type_and_paginated():
    for n in range(25):
        OrganisationFactory(name=f"Migration Association {n}")
    NetworkFactory(name="Migration Network")
    from django.contrib.auth.models import AnonymousUser

    everything = search(query="migration", viewer=AnonymousUser())
    assert everything.total == 26
    assert everything.counts["organisation"][1] == 25 and everything.counts["network"][1] == 1
    assert len(everything.results) == 20 and everything.pages == 2
    second = search(query="migration", viewer=AnonymousUser(), page=2)
    assert len(second.results) == 6
    networks_only = search(query="migration", viewer=AnonymousUser(), kinds=["network"])
    assert [str(r.kind) for r in networks_only.results] == ["network"]


def test_highlighting_escapes_html_and_marks_matches():
    marked = highlight("<b>Réseau</b> des migrants", query_terms("reseau"))
    assert marked == "&lt;b&gt;<mark>Réseau</mark>&lt;/b&gt; des migrants"
    assert "<mark>الهِجْرَة</mark>" in highlight("شبكة الهِجْرَة", query_terms("الهجرة"))


def test_index_text_keeps_words_and_adds_stems():
    assert index_text("Migrations") == "migrations migrat"


@pytest.mark.django_db
def test_the_search_page_shows_highlighted_results_and_handles_empty_input(client):
    OrganisationFactory(name="جمعية الهجرة")
    page = client.get("/search/", {"q": "الهجره"}).content.decode()
    assert "<mark>الهجرة</mark>" in page
    assert "1 result" in page
    assert client.get("/search/", {"q": ""}).status_code == 200
    assert client.get("/search/", {"q": '"*) OR ( NEAR'}).status_code == 200
    assert client.get("/search/", {"q": "x", "page": "abc"}).status_code == 200


@pytest.mark.django_db
def test_the_search_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(30):
        OrganisationFactory(name=f"Protection Group {n}")
        NetworkFactory(name=f"Protection Network {n}")
    with django_assert_max_num_queries(8):
        client.get("/search/", {"q": "protection"})


@pytest.mark.django_db
def test_rebuilding_the_index_finds_the_same_things():
    from shabaka.search.models import SearchDocument
    from shabaka.search.services import rebuild_index

    OrganisationFactory(name="Rebuild Test Org")
    SearchDocument.objects.all().delete()
    assert found("rebuild") == []
    assert rebuild_index() >= 1
    assert found("rebuild") == ["Rebuild Test Org"]
