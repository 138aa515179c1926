"""One definition of who may see what (core.visibility.RecordVisibility): for every definition,
every viewer of the permission tests and every record, the rule (`can_see`, and the
`<app>.view_<model>` permission where there is one) and the queryset views load through agree,
and they say what the design says."""

import pytest

from shabaka.core.visibility import Visibility, definitions
from shabaka.plans.models import ActionPlan
from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_plan

PERMISSIONS = {
    "networks.Network": "networks.view_network",
    "plans.ActionPlan": "plans.view_actionplan",
}

VIEWERS = ["anonymous", "viewer", "editor", "other_coordinator", "coordinator", "staff"]


@pytest.fixture
def viewers(world, staff_user, viewer_user):
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "viewer": viewer_user,
        "editor": world.editor,
        "other_coordinator": world.other_coordinator,
        "coordinator": world.coordinator,
        "staff": staff_user,
    }


@pytest.fixture
def records(world):
    NetworkFactory(slug="members-only-net", visibility=Visibility.MEMBERS)
    NetworkFactory(slug="staff-only-net", visibility=Visibility.STAFF)
    for visibility in Visibility.values:
        make_plan(network=world.network, title=f"Plan {visibility}", visibility=visibility)
    return world


def test_every_definition_and_its_rule_agree_for_every_viewer_and_record(viewers, records):
    assert {"networks.Network", "plans.ActionPlan", "directory.Organisation"} <= set(definitions())
    for label, definition in definitions().items():
        model = definition.model
        for name, viewer in viewers.items():
            visible = set(definition.queryset(viewer).values_list("pk", flat=True))
            for record in model._default_manager.all():
                shown = record.pk in visible
                assert definition.can_see(viewer, record) == shown, (label, name, record)
                if label in PERMISSIONS:
                    assert viewer.has_perm(PERMISSIONS[label], record) == shown, (
                        label,
                        name,
                        record,
                    )


def test_the_definitions_say_what_the_design_says(viewers, records):
    from shabaka.directory.selectors import ORGANISATIONS

    def can(viewer, record):
        return ORGANISATIONS.can_see(viewers[viewer], record)

    # An unlisted organisation: its networks' members and staff, never the public.
    assert not can("anonymous", records.unlisted)
    assert not can("other_coordinator", records.unlisted)
    assert can("coordinator", records.unlisted)
    assert can("editor", records.unlisted)
    assert can("staff", records.unlisted)
    assert can("anonymous", records.member)

    staff_plan = ActionPlan.objects.get(title=f"Plan {Visibility.STAFF}")
    coordinator = viewers["coordinator"]
    assert not coordinator.has_perm("plans.view_actionplan", staff_plan)
    assert viewers["staff"].has_perm("plans.view_actionplan", staff_plan)
    # A draft plan is never public, whatever its visibility says.
    public_draft = ActionPlan.objects.get(title=f"Plan {Visibility.PUBLIC}")
    assert not viewers["anonymous"].has_perm("plans.view_actionplan", public_draft)
    assert coordinator.has_perm("plans.view_actionplan", public_draft)
