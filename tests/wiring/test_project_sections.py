"""The project page gathers what other apps hold about the project: events held and
participants (counts only, from events), activities and networks supported (from plans), the
project's indicators, and its framework tags (from dialogues). Figures are checked against
counts computed here from the records, independently of the selectors."""

import random
from datetime import date

import pytest

from shabaka.core.visibility import Visibility
from shabaka.dialogues import services as dialogue_services
from shabaka.dialogues.frameworks import load_frameworks
from shabaka.dialogues.models import FrameworkItem
from shabaka.directory.models import Gender, OrganisationKind
from shabaka.events import services as event_services
from shabaka.events.models import AttendanceMode, EventStatus
from shabaka.events.project_sections import project_figures
from shabaka.plans import services as plan_services
from tests.factories.directory import OrganisationFactory, PersonFactory
from tests.factories.events import EventFactory
from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_activity, make_indicator, make_objective, make_plan
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory(slug="simm-libya", title="Strategic Management", visibility="public")


def make_event(project, *, visibility=Visibility.PUBLIC, held=True, by):
    event = EventFactory(project=project, visibility=visibility)
    if held:
        event_services.event_mark_held(event=event, by=by)
    return event


def attend(event, *, gender, kind, by, days=1):
    person = PersonFactory(gender=gender, organisation=OrganisationFactory(kind=kind))
    participation = event_services.participation_add(
        event=event, person=person, added_by=by, organisation=person.organisation
    )
    for day in event.days[:days]:
        event_services.attendance_record(
            participation=participation, day=day, mode=AttendanceMode.IN_PERSON, recorded_by=by
        )
    return participation


def test_events_held_and_participants_by_gender_and_kind_match_the_records(project, staff_user):
    rng = random.Random(7)
    held = [make_event(project, by=staff_user) for _ in range(3)]
    planned = make_event(project, held=False, by=staff_user)
    hidden = make_event(project, visibility=Visibility.STAFF, by=staff_user)
    other_project = make_event(ProjectFactory(), by=staff_user)
    expected_gender: dict[str, int] = {}
    expected_kind: dict[str, int] = {}
    for event in held + [planned]:
        for _ in range(rng.randint(1, 4)):
            gender = rng.choice(Gender.values)
            kind = rng.choice(OrganisationKind.values)
            attend(event, gender=gender, kind=kind, by=staff_user, days=rng.randint(1, 3))
            expected_gender[gender] = expected_gender.get(gender, 0) + 1
            expected_kind[kind] = expected_kind.get(kind, 0) + 1
    # Invited but never attended: not a participant.
    event_services.participation_add(event=held[0], person=PersonFactory(), added_by=staff_user)
    for event in (hidden, other_project):
        attend(event, gender="female", kind="cso", by=staff_user)

    from django.contrib.auth.models import AnonymousUser

    figures = project_figures(project=project, viewer=AnonymousUser())
    assert figures["events_held"] == 3
    assert figures["participants"] == sum(expected_gender.values())
    assert {label: n for label, n in figures["by_gender"] if n} == {
        Gender(code).label: n for code, n in expected_gender.items()
    }
    assert dict(figures["by_organisation_kind"]) == {
        OrganisationKind(code).label: n for code, n in expected_kind.items()
    }
    # Staff also count the staff-only event.
    staff_figures = project_figures(project=project, viewer=staff_user)
    assert staff_figures["events_held"] == 4
    assert staff_figures["participants"] == figures["participants"] + 1


def test_the_project_page_shows_figures_but_no_participant_name(client, project, staff_user):
    event = make_event(project, by=staff_user)
    person = PersonFactory(gender="female", full_name="Private Participant Name")
    event_services.participation_add(event=event, person=person, added_by=staff_user)
    participation = event.participations.get()
    event_services.attendance_record(
        participation=participation, day=event.days[0], mode="online", recorded_by=staff_user
    )
    page = client.get("/projects/simm-libya/").content.decode()
    assert "Events held" in page and "Participants by gender" in page
    assert event.title in page
    assert "Private Participant Name" not in page


def test_activities_networks_supported_and_indicators_on_the_project_page(
    client, project, staff_user
):
    public_net = NetworkFactory(name="Public Network", slug="pub")
    quiet_net = NetworkFactory(name="Quiet Network", slug="quiet", visibility=Visibility.MEMBERS)
    plan = make_plan(network=public_net, visibility=Visibility.PUBLIC, by=staff_user)
    objective = make_objective(plan, by=staff_user)
    make_activity(objective, title="Linked training", project=project, by=staff_user)
    make_activity(objective, title="Unlinked training", by=staff_user)
    plan_services.plan_adopt(plan=plan, adopted_by=staff_user, adopted_on=date(2021, 1, 28))
    event = make_event(project, by=staff_user)
    event.networks.add(quiet_net)
    indicator = make_indicator(project, title="Networks with an action plan", target=4)
    update = plan_services.progress_import(
        indicator=indicator,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        value=3,
        external_ref="x/1",
        imported_by=staff_user,
    )
    assert update.status == "validated"
    page = client.get("/projects/simm-libya/").content.decode()
    assert "Linked training" in page and "Unlinked training" not in page
    assert "Public Network" in page and "Quiet Network" not in page
    assert "Networks with an action plan" in page and "75.0%" in page  # 3 of 4
    client.force_login(staff_user)
    assert "Quiet Network" in client.get("/projects/simm-libya/").content.decode()


def test_framework_tags_on_the_project_page(client, project, staff_user):
    load_frameworks()
    item = FrameworkItem.objects.get(code="GCM-23")
    dialogue_services.framework_tag(item=item, target=project, tagged_by=staff_user)
    page = client.get("/projects/simm-libya/").content.decode()
    assert "GCM-23" in page and "/frameworks/gcm/" in page.lower()
    assert f"/frameworks/tags/projects/{project.pk}/" not in page
    client.force_login(staff_user)
    assert (
        f"/frameworks/tags/projects/{project.pk}/"
        in client.get("/projects/simm-libya/").content.decode()
    )


def test_a_hidden_project_page_is_a_404_for_outsiders(client, staff_user, outsider):
    ProjectFactory(slug="quiet-project", visibility=Visibility.STAFF)
    assert client.get("/projects/quiet-project/").status_code == 404
    client.force_login(outsider)
    assert client.get("/projects/quiet-project/").status_code == 404
    client.force_login(staff_user)
    assert client.get("/projects/quiet-project/").status_code == 200


def test_held_status_is_what_counts(project, staff_user):
    make_event(project, held=False, by=staff_user)
    cancelled = make_event(project, held=False, by=staff_user)
    event_services.event_cancel(event=cancelled, by=staff_user, reason="Security")
    assert cancelled.status == EventStatus.CANCELLED
    assert project_figures(project=project, viewer=staff_user)["events_held"] == 0
