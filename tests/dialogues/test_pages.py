from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.dialogues import services
from shabaka.dialogues.frameworks import load_frameworks
from shabaka.dialogues.models import (
    FocalPointAppointment,
    FrameworkItem,
    FrameworkTag,
    HandoverStep,
    PartnerState,
    PartnerStateChange,
)
from tests.dialogues.conftest import FEB_2022
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import CountryFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db

NAME = "Placeholder Official Visible"


@pytest.fixture
def appointed(appoint):
    earlier = appoint(date(2017, 1, 1), person=OfficialFactory(full_name="Placeholder Former"))
    current = appoint(FEB_2022, person=OfficialFactory(full_name=NAME))
    earlier.refresh_from_db()
    return earlier, current


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# --- Names of focal points --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "viewer", "outsider"])
def test_the_public_and_viewers_see_the_function_but_not_the_name(
    who, client, appointed, request, dialogue
):
    user = (
        None
        if who == "anonymous"
        else request.getfixturevalue(f"{who}_user" if who == "viewer" else who)
    )
    for url in (f"/dialogues/{dialogue.slug}/", "/dialogues/states/LY/"):
        body = get(client, user, url).content.decode()
        assert "National focal point" in body
        assert NAME not in body and "Placeholder Former" not in body
        assert "Example Ministry" not in body


@pytest.mark.parametrize("who", ["staff_user", "admin_user", "secretariat_user", "focal_point"])
def test_staff_secretariat_and_focal_points_see_the_names(
    who, client, appointed, request, make_user, dialogue
):
    user = make_user("focal_point") if who == "focal_point" else request.getfixturevalue(who)
    body = get(client, user, f"/dialogues/{dialogue.slug}/").content.decode()
    assert NAME in body
    history = get(client, user, "/dialogues/states/LY/").content.decode()
    assert NAME in history and "Placeholder Former" in history


def test_a_secretariat_of_another_dialogue_does_not_see_the_names(
    client, appointed, make_user, dialogue
):
    other = DialogueFactory()
    user = make_user(scoped=[("secretariat", other)])
    body = get(client, user, f"/dialogues/{dialogue.slug}/").content.decode()
    assert "National focal point" in body and NAME not in body


def test_a_person_who_agreed_to_be_named_is_named_publicly(client, appoint, dialogue):
    appoint(FEB_2022, person=OfficialFactory(full_name="Consenting Official", is_public=True))
    assert "Consenting Official" in client.get(f"/dialogues/{dialogue.slug}/").content.decode()


# --- Dialogue list and page -------------------------------------------------------------------


def test_dialogue_list_filters_by_name_and_country(client, dialogue):
    DialogueFactory(short_name="Khartoum Process", slug="khartoum-process")
    body = client.get("/dialogues/").content.decode()
    assert "Rabat Process" in body and "Khartoum Process" in body
    body = client.get("/dialogues/?q=khartoum").content.decode()
    assert "Khartoum Process" in body and "Rabat Process" not in body
    body = client.get("/dialogues/?country=LY").content.decode()
    assert "Rabat Process" in body and "Khartoum Process" not in body


def test_dialogue_list_query_count_does_not_grow_with_rows(client, outsider):
    client.force_login(outsider)
    DialogueFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/dialogues/").status_code == 200
    for _ in range(15):
        PartnerStateFactory(dialogue=DialogueFactory(), country=CountryFactory(code="LY"))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/dialogues/").status_code == 200
    assert len(many) == len(few)


def test_dialogue_page_query_count_does_not_grow_with_partners_and_focal_points(
    client, staff_user, dialogue, appoint
):
    client.force_login(staff_user)
    appoint(FEB_2022)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/dialogues/{dialogue.slug}/").status_code == 200
    for code in ("TN", "EG", "NE", "ML", "SN", "IT", "FR", "ES"):
        country = CountryFactory(code=code)
        PartnerStateFactory(dialogue=dialogue, country=country)
        services.appointment_create(
            dialogue=dialogue,
            country=country,
            function="national",
            person=OfficialFactory(organisation__country=country),
            started_on=FEB_2022,
            act_reference="Act",
            act_date=FEB_2022,
            created_by=staff_user,
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/dialogues/{dialogue.slug}/").status_code == 200
    assert len(many) == len(few)


def test_state_page_query_count_does_not_grow_with_history(client, staff_user, appoint):
    client.force_login(staff_user)
    appoint(date(2010, 1, 1))
    with CaptureQueriesContext(connection) as few:
        assert client.get("/dialogues/states/LY/").status_code == 200
    for year in range(2011, 2022):
        appoint(date(year, 1, 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/dialogues/states/LY/").status_code == 200
    assert len(many) == len(few)


def test_the_state_page_lists_the_history_in_order(client, staff_user, appointed):
    body = get(client, staff_user, "/dialogues/states/LY/").content.decode()
    assert body.index("Placeholder Former") < body.rindex(NAME)
    assert "2017-01-01" in body and "2022-02-01" in body


def test_unknown_dialogue_state_and_framework_are_404(client):
    assert client.get("/dialogues/nothing/").status_code == 404
    assert client.get("/dialogues/states/ZZ/").status_code == 404
    assert client.get("/frameworks/NOPE/").status_code == 404


# --- Appointment form and page ----------------------------------------------------------------


def appointment_post(person, **extra):
    return {
        "country": person.organisation.country.pk,
        "function": "national",
        "person": person.pk,
        "started_on": "2022-02-01",
        "act_reference": "Decree 12/2022",
        "act_date": "2022-01-20",
        **extra,
    }


@pytest.mark.parametrize("who", ["anonymous", "outsider", "viewer_user"])
def test_outsiders_cannot_appoint(who, client, dialogue, request):
    person = OfficialFactory()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.post(f"/dialogues/{dialogue.slug}/appoint/", appointment_post(person))
    assert response.status_code in (302, 403)
    if who != "anonymous":
        assert response.status_code == 403
    assert not FocalPointAppointment.objects.exists()


def test_the_secretariat_records_an_appointment(client, dialogue, secretariat_user, appointed):
    earlier, current = appointed
    client.force_login(secretariat_user)
    assert client.get(f"/dialogues/{dialogue.slug}/appoint/").status_code == 200
    person = OfficialFactory(full_name="Placeholder Newest")
    response = client.post(
        f"/dialogues/{dialogue.slug}/appoint/",
        appointment_post(person, started_on="2024-03-01", status="ended", ended_on="2024-04-01"),
    )
    assert response.status_code == 302
    newest = FocalPointAppointment.objects.get(person=person)
    # A status or end date in the POST is ignored: the service decides.
    assert newest.status == "appointed" and newest.ended_on is None
    current.refresh_from_db()
    assert current.ended_on == date(2024, 3, 1)


def test_an_overlapping_appointment_is_refused_with_a_message(
    client, dialogue, staff_user, appointed
):
    client.force_login(staff_user)
    response = client.post(
        f"/dialogues/{dialogue.slug}/appoint/",
        appointment_post(OfficialFactory(), started_on="2021-01-01"),
    )
    assert response.status_code == 200
    assert "a new appointment must start after" in response.content.decode()
    assert FocalPointAppointment.objects.count() == 2


def test_appointment_page_is_404_for_outsiders(client, appointed, outsider, viewer_user):
    _, current = appointed
    assert client.get(f"/dialogues/appointments/{current.pk}/").status_code == 302
    for user in (outsider, viewer_user):
        client.force_login(user)
        assert client.get(f"/dialogues/appointments/{current.pk}/").status_code == 404
        response = client.post(f"/dialogues/appointments/{current.pk}/", {"done": ["briefing"]})
        assert response.status_code == 404
    assert not HandoverStep.objects.filter(done_on__isnull=False).exists()


def test_the_appointee_ticks_the_checklist(client, appointed, make_user):
    _, current = appointed
    user = make_user()
    current.person.user = user
    current.person.save()
    client.force_login(user)
    body = client.get(f"/dialogues/appointments/{current.pk}/").content.decode()
    assert "Handover checklist" in body
    client.post(f"/dialogues/appointments/{current.pk}/", {"done": ["briefing", "secretariat"]})
    done = set(current.handover_steps.filter(done_on__isnull=False).values_list("item", flat=True))
    assert done == {"briefing", "secretariat"}
    client.post(f"/dialogues/appointments/{current.pk}/", {"done": ["secretariat"]})
    done = set(current.handover_steps.filter(done_on__isnull=False).values_list("item", flat=True))
    assert done == {"secretariat"}


def test_a_post_carrying_status_and_dates_to_an_ended_appointment_changes_nothing(
    client, appointed, staff_user
):
    earlier, _ = appointed
    before = FocalPointAppointment.objects.filter(pk=earlier.pk).values().get()
    client.force_login(staff_user)
    payload = {
        "status": "appointed",
        "ended_on": "",
        "started_on": "2010-01-01",
        "done": ["briefing"],
    }
    client.post(f"/dialogues/appointments/{earlier.pk}/", payload)
    client.post(
        f"/dialogues/appointments/{earlier.pk}/end/",
        {"ended_on": "2030-01-01", "reason": "again", "status": "appointed"},
    )
    assert FocalPointAppointment.objects.filter(pk=earlier.pk).values().get() == before
    assert not earlier.handover_steps.filter(done_on__isnull=False).exists()


def test_staff_end_an_appointment_from_its_page(client, appointed, staff_user):
    _, current = appointed
    client.force_login(staff_user)
    client.post(
        f"/dialogues/appointments/{current.pk}/end/",
        {"ended_on": "2023-05-01", "reason": "Resigned"},
    )
    current.refresh_from_db()
    assert current.status == "ended" and current.ended_on == date(2023, 5, 1)


# --- Partner states ---------------------------------------------------------------------------


def test_outsiders_cannot_change_partner_states(client, dialogue, outsider, viewer_user):
    partner = dialogue.partner_states.get()
    for user in (outsider, viewer_user):
        client.force_login(user)
        assert client.get(f"/dialogues/{dialogue.slug}/partners/").status_code == 403
        response = client.post(f"/dialogues/{dialogue.slug}/partners/{partner.pk}/observer/", {})
        assert response.status_code == 403
    client.logout()
    assert client.get(f"/dialogues/{dialogue.slug}/partners/").status_code == 302
    partner.refresh_from_db()
    assert partner.status == "member"


def test_the_secretariat_admits_and_moves_partner_states(client, dialogue, secretariat_user):
    client.force_login(secretariat_user)
    tunisia = CountryFactory(code="TN", name="Tunisia")
    response = client.post(
        f"/dialogues/{dialogue.slug}/partners/",
        {
            "country": tunisia.pk,
            "admitted_as": "observer",
            "joined_year": "2017",
            "status": "member",
        },
    )
    assert response.status_code == 302
    partner = PartnerState.objects.get(country=tunisia)
    assert partner.status == "observer" and partner.joined_year == 2017
    client.post(
        f"/dialogues/{dialogue.slug}/partners/{partner.pk}/member/", {"effective_on": "2020-01-01"}
    )
    partner.refresh_from_db()
    assert partner.status == "member"
    # Withdrawing needs a reason: nothing changes without one.
    client.post(f"/dialogues/{dialogue.slug}/partners/{partner.pk}/withdraw/", {"reason": ""})
    partner.refresh_from_db()
    assert partner.status == "member"
    steps = list(
        PartnerStateChange.objects.filter(partner_state=partner).values_list("to_status", flat=True)
    )
    assert steps == ["observer", "member"]
    # Admitting the same state twice is refused with a message.
    response = client.post(
        f"/dialogues/{dialogue.slug}/partners/", {"country": tunisia.pk, "admitted_as": "member"}
    )
    assert "already has a record" in response.content.decode()


# --- Frameworks and tagging -------------------------------------------------------------------


def test_framework_pages_are_public_and_list_the_items(client):
    load_frameworks()
    assert "Global Compact" in client.get("/frameworks/").content.decode()
    body = client.get("/frameworks/GCM/").content.decode()
    assert "Manage borders in an integrated, secure and coordinated manner" in body


def test_follow_up_query_count_does_not_grow_with_tagged_records(client, staff_user):
    load_frameworks()
    client.force_login(staff_user)
    item = FrameworkItem.objects.get(code="JVAP-4")
    services.framework_tag(item=item, target=ProjectFactory(), tagged_by=staff_user)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/frameworks/JVAP/?country=LY").status_code == 200
    libya = CountryFactory(code="LY")
    for project in ProjectFactory.create_batch(12):
        project.countries.add(libya)
        for code in ("JVAP-1", "JVAP-4"):
            services.framework_tag(
                item=FrameworkItem.objects.get(code=code), target=project, tagged_by=staff_user
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/frameworks/JVAP/?country=LY")
    assert len(many) == len(few)
    assert response.content.decode().count("Example Project") == 24


def test_staff_tag_a_project_and_outsiders_cannot(client, staff_user, outsider, viewer_user):
    load_frameworks()
    project = ProjectFactory()
    url = f"/frameworks/tags/projects/{project.pk}/"
    gcm11, jvap4 = (
        FrameworkItem.objects.get(code="GCM-11"),
        FrameworkItem.objects.get(code="JVAP-4"),
    )
    for user in (outsider, viewer_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"items": [gcm11.pk]}).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert not FrameworkTag.objects.exists()
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    client.post(url, {"items": [gcm11.pk, jvap4.pk]})
    assert set(FrameworkTag.objects.values_list("item__code", flat=True)) == {"GCM-11", "JVAP-4"}
    client.post(url, {"items": [jvap4.pk]})
    assert set(FrameworkTag.objects.values_list("item__code", flat=True)) == {"JVAP-4"}
    assert client.get("/frameworks/tags/unknown/1/").status_code == 404


def test_a_staff_only_project_is_not_taggable_through_a_guess(client, make_user):
    load_frameworks()
    hidden = ProjectFactory(visibility="staff")
    # A signed-in non-staff user is refused before the record is even looked up.
    client.force_login(make_user("viewer"))
    assert client.get(f"/frameworks/tags/projects/{hidden.pk}/").status_code == 404


def test_the_home_page_lists_the_dialogues(client, dialogue):
    body = client.get("/").content.decode()
    assert f"/dialogues/{dialogue.slug}/" in body and "Rabat Process" in body


@pytest.mark.django_db
def test_news_about_a_dialogue_or_an_event_is_one_query_of_published_news(staff_user, outsider):
    """dialogues.news_about reads what news_links.html shows (title, date, link) in one query,
    published news only, newest first, capped."""
    from shabaka.content import services as content
    from shabaka.dialogues.selectors import news_about
    from tests.factories.events import EventFactory

    dialogue, event = DialogueFactory(), EventFactory()
    items = []
    for n in range(4):
        item = content.news_create(title=f"Report {n}", body="B", created_by=staff_user)
        content.news_publish(news=item, published_by=staff_user)
        item.dialogues.add(dialogue)
        item.events.add(event)
        items.append(item)
    draft = content.news_create(title="Draft report", body="B", created_by=staff_user)
    draft.dialogues.add(dialogue)
    draft.events.add(event)
    for record in (dialogue, event):
        with CaptureQueriesContext(connection) as queries:
            shown = news_about(record, viewer=outsider, limit=3)
        assert len(queries) == 1
        assert {item.title for item in shown} <= {f"Report {n}" for n in range(4)}
        assert len(shown) == 3 and "Draft report" not in {item.title for item in shown}
