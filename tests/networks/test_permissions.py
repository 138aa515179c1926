"""Who may open which page: one row per view, one column per role. A record the user may not
see is a 404; a record seen but not changeable is a 403; anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from shabaka.networks import conduct

ROLES = ["anonymous", "viewer", "editor", "other_coordinator", "coordinator", "staff", "admin"]


def row(*codes):
    return dict(zip(ROLES, codes, strict=True))


def draft_version(world):
    return conduct.code_version_draft(code=world.code, created_by=None)


# (name, url, expected status per role)
MATRIX = [
    ("organisation list", lambda w: reverse("directory:organisation_list"), row(*[200] * 7)),
    ("network list", lambda w: reverse("networks:network_list"), row(*[200] * 7)),
    (
        "network page",
        lambda w: reverse("networks:network_detail", args=["net-one"]),
        row(*[200] * 7),
    ),
    ("code page", lambda w: reverse("networks:code_detail", args=[w.code.pk]), row(*[200] * 7)),
    (
        "platform page",
        lambda w: reverse("networks:network_detail", args=["platform"]),
        row(*[200] * 7),
    ),
    (
        "public organisation page",
        lambda w: reverse("directory:organisation_detail", args=[w.member.pk]),
        row(*[200] * 7),
    ),
    (
        "unlisted organisation page",
        lambda w: reverse("directory:organisation_detail", args=[w.unlisted.pk]),
        row(404, 404, 200, 404, 200, 200, 200),
    ),
    (
        "organisation create",
        lambda w: reverse("directory:organisation_create"),
        row(302, 403, 403, 403, 403, 200, 200),
    ),
    (
        "organisation edit",
        lambda w: reverse("directory:organisation_edit", args=[w.member.pk]),
        row(302, 403, 200, 403, 403, 200, 200),
    ),
    (
        "unlisted organisation edit",
        lambda w: reverse("directory:organisation_edit", args=[w.unlisted.pk]),
        row(302, 404, 403, 404, 403, 200, 200),
    ),
    (
        "person create",
        lambda w: reverse("directory:person_create"),
        row(302, 403, 403, 403, 403, 200, 200),
    ),
    (
        "person edit",
        lambda w: reverse("directory:person_edit", args=[w.private_person.pk]),
        row(302, 404, 403, 404, 403, 200, 200),
    ),
    (
        "import",
        lambda w: reverse("directory:import_upload"),
        row(302, 403, 403, 403, 403, 200, 200),
    ),
    (
        "network create",
        lambda w: reverse("networks:network_create"),
        row(302, 403, 403, 403, 403, 200, 200),
    ),
    (
        "network edit",
        lambda w: reverse("networks:network_edit", args=["net-one"]),
        row(302, 403, 403, 403, 200, 200, 200),
    ),
    (
        "apply",
        lambda w: reverse("networks:membership_apply", args=["net-one"]),
        row(302, 200, 200, 200, 200, 200, 200),
    ),
    (
        "decide on an application",
        lambda w: reverse("networks:membership_decide", args=[w.application.pk]),
        row(302, 403, 403, 403, 200, 200, 200),
    ),
    (
        "decide on an unlisted membership",
        lambda w: reverse("networks:membership_decide", args=[w.unlisted_membership.pk]),
        row(302, 404, 403, 404, 200, 200, 200),
    ),
    (
        "leave",
        lambda w: reverse("networks:membership_leave", args=[w.membership.pk]),
        row(302, 403, 200, 403, 200, 200, 200),
    ),
    (
        "endorse",
        lambda w: reverse("networks:membership_endorse", args=[w.membership.pk]),
        row(302, 403, 200, 403, 403, 200, 200),
    ),
    (
        "adopt a code",
        lambda w: reverse("networks:network_adopt_code", args=["net-one"]),
        row(302, 403, 403, 403, 200, 200, 200),
    ),
    (
        "draft a code for a network",
        lambda w: reverse("networks:code_create") + "?network=net-one",
        row(302, 403, 403, 403, 200, 200, 200),
    ),
    (
        "draft a code without a network",
        lambda w: reverse("networks:code_create"),
        row(302, 403, 403, 403, 403, 200, 200),
    ),
    (
        "edit a draft version",
        lambda w: reverse("networks:code_version_edit", args=[draft_version(w).pk]),
        row(302, 403, 403, 403, 200, 200, 200),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,expected", MATRIX, ids=[m[0] for m in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_page(world, as_role, name, url, expected, role):
    client = as_role(role)
    response = client.get(url(world))
    assert response.status_code == expected[role], (name, role)
    if response.status_code == 302:
        assert reverse("accounts:login") in response["Location"]


# POST-only endpoints: (name, url, data, expected per role); they change nothing when refused.
POSTS = [
    (
        "grant coordinator",
        lambda w: reverse("networks:network_coordinators", args=["net-one"]),
        row(302, 403, 403, 403, 403, 403, 302),
    ),
    (
        "grant editor",
        lambda w: reverse("directory:organisation_editors", args=[w.member.pk]),
        row(302, 403, 403, 403, 403, 403, 302),
    ),
    (
        "network status",
        lambda w: reverse("networks:network_status", args=["net-one"]),
        row(302, 403, 403, 403, 302, 302, 302),
    ),
    (
        "new version",
        lambda w: reverse("networks:code_version_new", args=[w.code.pk]),
        row(302, 403, 403, 403, 302, 302, 302),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,expected", POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_post_to_each_action(world, as_role, name, url, expected, role):
    from shabaka.accounts.models import AuditEntry

    entries = AuditEntry.objects.count()
    client = as_role(role)
    response = client.post(url(world), {"email": world.editor.email, "action": "make_dormant"})
    assert response.status_code == expected[role], (name, role)
    if expected[role] != 302 or role == "anonymous":
        assert AuditEntry.objects.count() == entries
