"""Every page of the site (from the URL resolver) and every API operation (from the OpenAPI
schema), requested as every role against the demo, for GET and for POST (and the API's write
methods). What each role may get is in ACCESS below, one table; a page missing from it falls
under the strictest default (staff and administrators only), so a new, more open page fails
here until someone says who may use it.

Rules every response obeys, whatever the table says:
- never a 5xx;
- a record the role may not see is a 404, never a 403 (its existence does not leak);
- the anonymous visitor on a page that is not public is sent to sign in (or gets 404/405);
- no response carries personal data (a person's email, phone, or the name of a person who did
  not agree to be named) or the title of a members-only or staff-only document to a role that
  may not see it.
"""

import json
import os

import pytest
from django.test import Client

from tests.security.conftest import ROLES
from tests.security.routes import LOGIN_REDIRECT, site_routes, targets

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY: frozenset = frozenset()
ADMIN = frozenset({"admin"})
STAFF = frozenset({"staff", "admin"})
COORDINATOR = STAFF | {"coordinator"}  # of the demo network the pages are about (Tripoli)
ANY_COORDINATOR = COORDINATOR | {"other_coordinator"}
EDITOR = STAFF | {"editor"}  # of the demo organisation (the public one, a Tripoli member)

# page name (or "name@variant" for a private record) -> (roles let through on GET, on POST).
# "Let through": the page or its form (200), or the change made (a redirect elsewhere than to
# sign in). Everyone else gets a sign-in redirect (anonymous), 403 (a page about a record they
# may see but not change), 404 (a record they may not see) or 405; 400 for a bad link token.
# NOBODY: a POST-only action on GET, or a page no demo role reaches with the demo's objects.
# A page missing here gets DEFAULT (staff only), so a new, more open page fails the test.
DEFAULT = (STAFF, STAFF)
ACCESS: dict[str, tuple[frozenset, frozenset]] = {
    "accounts:api_tokens": (SIGNED_IN, SIGNED_IN),
    "accounts:audit_log": (STAFF, STAFF),
    "accounts:invitation_accept": (NOBODY, NOBODY),
    "accounts:invite": (ADMIN, ADMIN),
    "accounts:login": (EVERYONE, EVERYONE),
    "accounts:logout": (NOBODY, EVERYONE),  # signing out when signed out is harmless
    "accounts:password_change": (SIGNED_IN, SIGNED_IN),
    "accounts:password_reset": (EVERYONE, EVERYONE),
    "accounts:password_reset_confirm": (EVERYONE, EVERYONE),
    "accounts:password_reset_done": (EVERYONE, NOBODY),
    "accounts:profile": (SIGNED_IN, SIGNED_IN),
    "accounts:user_roles": (ADMIN, ADMIN),
    "accounts:two_factor_recovery_codes": (NOBODY, NOBODY),  # only in a session verified by a code
    "accounts:two_factor_setup": (SIGNED_IN, SIGNED_IN),  # anyone may add a second factor
    "accounts:two_factor_verify": (SIGNED_IN, SIGNED_IN),
    "accounts:users": (ADMIN, ADMIN),
    "content:document_detail": (EVERYONE, NOBODY),
    "content:document_detail@members-only": (EDITOR | COORDINATOR, NOBODY),
    "content:document_detail@staff-only": (STAFF, NOBODY),
    "content:document_download": (EVERYONE, NOBODY),  # a public link: sent on to it
    "content:document_download@members-only": (EDITOR | COORDINATOR, NOBODY),
    "content:document_download@staff-only": (STAFF, NOBODY),
    "content:document_list": (EVERYONE, NOBODY),
    "content:document_new_version": (STAFF, STAFF),
    "content:document_new_version@members-only": (STAFF, STAFF),
    "content:document_new_version@staff-only": (STAFF, STAFF),
    "content:document_upload": (ANY_COORDINATOR, ANY_COORDINATOR),
    "content:news_create": (ANY_COORDINATOR, ANY_COORDINATOR),
    "content:news_detail": (EVERYONE, NOBODY),
    "content:news_drafts": (ANY_COORDINATOR, NOBODY),
    "content:news_edit": (ANY_COORDINATOR, ANY_COORDINATOR),
    "content:news_feed": (EVERYONE, NOBODY),
    "content:news_image": (NOBODY, NOBODY),
    "content:news_list": (EVERYONE, NOBODY),
    "content:news_publish": (NOBODY, ANY_COORDINATOR),
    "content:news_unpublish": (NOBODY, ANY_COORDINATOR),
    "content:project_news_feed": (EVERYONE, NOBODY),
    "core:healthz": (EVERYONE, NOBODY),
    "core:home": (EVERYONE, NOBODY),
    "core:language": (EVERYONE, NOBODY),  # a GET that sets a cookie and goes back
    "dialogues:appointment_create": (STAFF, STAFF),
    "dialogues:appointment_detail": (STAFF | {"focal_point"}, STAFF),
    "dialogues:appointment_end": (NOBODY, STAFF),
    "dialogues:appointment_briefing": (NOBODY, STAFF),  # the demo's first appointment has ended
    "dialogues:delegation_create": (STAFF, STAFF),
    "dialogues:delegation_detail": (EVERYONE, STAFF),  # names of delegates only to the allowed
    "dialogues:meeting_detail": (EVERYONE, NOBODY),
    "dialogues:meeting_link": (STAFF, STAFF),
    "dialogues:dialogue_detail": (EVERYONE, NOBODY),
    "dialogues:dialogue_list": (EVERYONE, NOBODY),
    "dialogues:framework_export": (EVERYONE, NOBODY),
    "dialogues:framework_follow_up": (EVERYONE, NOBODY),
    "dialogues:framework_list": (EVERYONE, NOBODY),
    "dialogues:partner_state_change": (NOBODY, STAFF),
    "dialogues:partner_states": (STAFF, STAFF),
    "dialogues:state_detail": (EVERYONE, NOBODY),
    "dialogues:tag_record": (STAFF, STAFF),
    "reports:platform_dashboard": (EVERYONE, NOBODY),
    "reports:network_dashboard": (EVERYONE, NOBODY),
    "reports:project_dashboard": (EVERYONE, NOBODY),
    "reports:dialogue_dashboard": (EVERYONE, NOBODY),  # focal points' names only to the allowed
    "reports:donor_report": (STAFF, NOBODY),
    "reports:donor_report_pdf": (STAFF, STAFF),  # POST starts the job that writes the PDF
    # The public organisation list, as on its page; POST starts an export job (signed in).
    "reports:list_export": (EVERYONE, SIGNED_IN),
    "reports:network_members_export": (EVERYONE, SIGNED_IN),
    "jobs:job_list": (SIGNED_IN, NOBODY),
    "jobs:job_detail": (COORDINATOR, NOBODY),  # the person who started it, and staff
    "jobs:job_download": (NOBODY, NOBODY),  # only its owner, and this job wrote no file
    "jobs:job_retry": (NOBODY, COORDINATOR),  # POST only; a finished job is not run again
    "directory:import_preview": (NOBODY, NOBODY),
    "directory:import_upload": (STAFF, STAFF),
    "directory:organisation_create": (STAFF, STAFF),
    "directory:organisation_detail": (EVERYONE, NOBODY),
    "directory:organisation_detail@members-only": (EDITOR | COORDINATOR, NOBODY),
    "directory:organisation_detail@staff-only": (STAFF, NOBODY),
    "directory:organisation_edit": (EDITOR, EDITOR),
    "directory:organisation_edit@members-only": (STAFF, STAFF),
    "directory:organisation_edit@staff-only": (STAFF, STAFF),
    "directory:organisation_editors": (NOBODY, ADMIN),
    "directory:organisation_editors@members-only": (NOBODY, ADMIN),
    "directory:organisation_editors@staff-only": (NOBODY, ADMIN),
    "directory:organisation_list": (EVERYONE, NOBODY),
    "directory:person_create": (STAFF, STAFF),
    "directory:person_edit": (STAFF, STAFF),
    "events:attendance_set": (NOBODY, NOBODY),
    "events:attendance_sheet": (STAFF, NOBODY),
    "events:event_calendar": (EVERYONE, NOBODY),
    "events:event_console": (STAFF, NOBODY),
    "events:event_create": (STAFF, STAFF),
    "events:event_detail": (EVERYONE, NOBODY),
    "events:event_edit": (STAFF, STAFF),
    "events:event_ics": (EVERYONE, NOBODY),
    "events:event_list": (EVERYONE, NOBODY),
    "events:event_step": (NOBODY, STAFF),
    "events:events_feed": (EVERYONE, NOBODY),
    "events:feedback_give": (NOBODY, NOBODY),
    "events:feedback_results": (STAFF, NOBODY),
    "events:invitation_create": (STAFF, NOBODY),  # its form on a page of its own
    "events:invitation_detail": (EDITOR | COORDINATOR, NOBODY),
    "events:material_add": (NOBODY, NOBODY),
    "events:nomination_respond": (NOBODY, NOBODY),
    "events:nomination_step": (NOBODY, STAFF),
    "events:participant_add": (STAFF, NOBODY),
    "events:session_add": (NOBODY, NOBODY),
    "networks:code_create": (STAFF, STAFF),
    "networks:code_detail": (EVERYONE, NOBODY),
    "networks:code_version_edit": (ANY_COORDINATOR, ANY_COORDINATOR),
    "networks:code_version_new": (NOBODY, ANY_COORDINATOR),
    "networks:membership_apply": (SIGNED_IN, SIGNED_IN),
    "networks:membership_decide": (COORDINATOR, COORDINATOR),
    "networks:membership_endorse": (EDITOR, EDITOR),
    "networks:membership_leave": (EDITOR | COORDINATOR, EDITOR | COORDINATOR),
    "networks:membership_role": (COORDINATOR, COORDINATOR),
    "networks:network_adopt_code": (COORDINATOR, COORDINATOR),
    "networks:network_coordinators": (NOBODY, ADMIN),
    "networks:network_create": (STAFF, STAFF),
    "networks:network_detail": (EVERYONE, NOBODY),
    "networks:network_edit": (COORDINATOR, COORDINATOR),
    "networks:network_list": (EVERYONE, NOBODY),
    "networks:network_status": (NOBODY, COORDINATOR),
    "plans:activity_create": (COORDINATOR, COORDINATOR),
    "plans:activity_edit": (COORDINATOR, COORDINATOR),
    "plans:activity_move": (EDITOR | COORDINATOR, EDITOR | COORDINATOR),
    "plans:adaptation_create": (COORDINATOR, COORDINATOR),
    "plans:adaptation_edit": (COORDINATOR, COORDINATOR),
    "plans:indicator_create": (NOBODY, NOBODY),
    "plans:indicator_detail": (EVERYONE, NOBODY),
    "plans:indicator_edit": (COORDINATOR, COORDINATOR),
    "plans:network_dashboard": (EVERYONE, NOBODY),
    "plans:objective_create": (COORDINATOR, COORDINATOR),
    "plans:objective_edit": (COORDINATOR, COORDINATOR),
    "plans:plan_adopt": (COORDINATOR, COORDINATOR),
    "plans:plan_close": (COORDINATOR, COORDINATOR),
    "plans:plan_create": (COORDINATOR, COORDINATOR),
    "plans:plan_detail": (EVERYONE, NOBODY),
    "plans:plan_edit": (COORDINATOR, COORDINATOR),
    "plans:plan_export_csv": (EVERYONE, SIGNED_IN),  # POST starts an export job
    "plans:plan_export_xlsx": (EVERYONE, SIGNED_IN),
    "plans:plan_list": (EVERYONE, NOBODY),
    "plans:plan_revise": (COORDINATOR, COORDINATOR),
    "plans:plan_timeline": (EVERYONE, NOBODY),
    "plans:progress_reject": (COORDINATOR, COORDINATOR),
    "plans:progress_submit": (COORDINATOR, COORDINATOR),
    "plans:progress_validate": (COORDINATOR, COORDINATOR),
    "plans:version_compare": (EVERYONE, NOBODY),
    "plans:version_detail": (EVERYONE, NOBODY),
    "projects:funding_add": (STAFF, STAFF),
    "projects:iati_export": (EVERYONE, NOBODY),
    "projects:iati_export_one": (EVERYONE, NOBODY),
    "projects:iati_import": (STAFF, STAFF),
    "projects:identifier_add": (STAFF, STAFF),
    "projects:participant_add": (STAFF, STAFF),
    "projects:project_create": (STAFF, STAFF),
    "projects:project_detail": (EVERYONE, NOBODY),
    "projects:project_edit": (STAFF, STAFF),
    "projects:project_list": (EVERYONE, NOBODY),
    "projects:project_move": (NOBODY, STAFF),
    "search:search": (EVERYONE, NOBODY),
}


def expected(name: str, variant: str) -> tuple[frozenset, frozenset]:
    return ACCESS.get(f"{name}@{variant}") or ACCESS.get(name) or DEFAULT


_DUMP = os.environ.get("SECURITY_MATRIX_DUMP")


def _client(demo, role) -> Client:
    client = Client()
    if demo.users[role] is not None:
        client.force_login(demo.users[role])
    return client


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def check_no_secrets(role: str, body: str, demo, where: str) -> None:
    leaks = [text for text, roles in demo.secrets if role not in roles and text in body]
    assert not leaks, f"{where} shows {role} what it may not see: {leaks}"


def _to_sign_in(response) -> bool:
    return response.status_code == 302 and bool(LOGIN_REDIRECT.search(response["Location"]))


def check_outcome(response, *, role, let_through, record_roles, where) -> None:
    status = response.status_code
    assert status < 500, f"{where}: {status}"
    if status in (400, 405):
        return  # a bad link token, or a method the page does not serve: nothing shown
    passed = status in (200, 201, 204) or (status == 302 and not _to_sign_in(response))
    if role in let_through:
        assert passed, f"{where}: {status}, expected the page"
        return
    assert not passed, f"{where}: {status}, {role} should not get through"
    if role == "anonymous":
        assert _to_sign_in(response) or status == 404, f"{where}: {status}"
    elif record_roles is not None and role not in record_roles:
        assert status == 404, f"{where}: {status}; a record one may not see is a 404, never 403"
    else:
        assert status in (403, 404), f"{where}: {status}"


ROUTES = site_routes()


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_page_as_every_role(route, demo_db):
    demo = demo_db
    outcomes = []
    for target in targets(route, demo):
        get_roles, post_roles = expected(route.name, target.variant)
        for role in ROLES:
            for method, let_through in (("get", get_roles), ("post", post_roles)):
                # A fresh client each time: a POST may sign out, or change what a role holds.
                response = getattr(_client(demo, role), method)(target.url)
                where = f"{method.upper()} {target.url} ({target.variant}) as {role}"
                outcomes.append((route.name, target.variant, role, method, response.status_code))
                check_outcome(
                    response,
                    role=role,
                    let_through=let_through,
                    record_roles=target.record_roles,
                    where=where,
                )
                if response.status_code == 200:
                    check_no_secrets(role, _body(response), demo, where)
    if _DUMP:
        with open(_DUMP, "a") as fh:
            for row in outcomes:
                fh.write(json.dumps(row) + "\n")


# --- the API, from its OpenAPI schema ------------------------------------------------------------


def _api_operations():
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method in operations:
            yield path, method


def _api_params(demo, path: str, param: str):
    """Variants of a path parameter: (label, value, roles that may see the record)."""
    from shabaka.networks.models import Membership

    o = demo.objects
    if param == "organisation_id":
        return [
            ("public", o["public_org"].pk, None),
            ("members-only", o["members_org"].pk, o["members_org_roles"]),
            ("staff-only", o["staff_org"].pk, STAFF),
        ]
    if param == "slug":
        from shabaka.content.models import NewsItem
        from shabaka.dialogues.models import Dialogue

        slug = (
            "demo-net-tripoli"
            if "/networks/" in path
            else "tripoli-workshop-2021-01"
            if "/events/" in path
            else NewsItem.objects.order_by("pk").first().slug
            if "/news/" in path
            else Dialogue.objects.order_by("pk").first().slug
            if "/dialogues/" in path
            else "simm-libya"
        )
        return [("record", slug, None)]
    if param in ("invitation_id", "nomination_id", "appointment_id", "plan_id"):
        from shabaka.dialogues.models import FocalPointAppointment
        from shabaka.events.models import Invitation, Nomination
        from shabaka.plans.models import ActionPlan

        model = {
            "invitation_id": Invitation,
            "nomination_id": Nomination,
            "appointment_id": FocalPointAppointment,
            "plan_id": ActionPlan,
        }[param]
        record = model.objects.order_by("pk").first()
        if param == "plan_id":
            record = ActionPlan.objects.filter(network=o["tripoli"]).order_by("pk").first()
        return [("record", record.pk, None)]
    if param in ("indicator_id", "update_id"):
        from shabaka.plans.models import ProgressUpdate

        update = ProgressUpdate.objects.order_by("pk").first()
        return [("record", update.indicator_id if param == "indicator_id" else update.pk, None)]
    if param == "membership_id":
        return [("tripoli", Membership.objects.filter(network=o["tripoli"]).first().pk, None)]
    if param == "token_id":
        # The administrator's own token: anyone else must get 404.
        return [("admin's token", demo.api_tokens["admin"][0].pk, frozenset({"admin"}))]
    raise AssertionError(f"API path parameter {param!r} has no demo value: add it here")


@pytest.fixture
def api_demo(demo_db):
    from shabaka.accounts.tokens import token_create

    demo_db.api_tokens = {
        role: token_create(user=user, name="matrix")
        for role, user in demo_db.users.items()
        if user is not None
    }
    return demo_db


def test_every_api_operation_as_every_role(api_demo):
    import re

    demo = api_demo
    operations = list(_api_operations())
    assert len(operations) >= 10
    for path, method in operations:
        params = re.findall(r"{(\w+)}", path)
        variants = [("-", path, None)]
        for param in params:
            variants = [
                (label, url.replace("{" + param + "}", str(value)), roles)
                for _l, url, _r in variants
                for label, value, roles in _api_params(demo, path, param)
            ]
        for label, url, record_roles in variants:
            for role in ROLES:
                client = Client()
                headers = {}
                if role != "anonymous":
                    headers["Authorization"] = f"Bearer {demo.api_tokens[role][1]}"
                kwargs = {"headers": headers}
                if method in ("post", "put", "patch"):
                    kwargs |= {"data": "{}", "content_type": "application/json"}
                response = getattr(client, method)(url, **kwargs)
                status = response.status_code
                where = f"{method.upper()} {url} ({label}) as {role}"
                assert status < 500, f"{where}: {status}"
                if role == "anonymous" and method != "get":
                    assert status == 401, f"{where}: {status}, expected 401"
                if record_roles is not None and role not in record_roles:
                    allowed_statuses = (401, 404) if role == "anonymous" else (404,)
                    assert status in allowed_statuses, f"{where}: {status}; hidden record: 404"
                if status == 200:
                    check_no_secrets(role, _body(response), demo, where)


# --- roles taken away, the scan itself, the admin site ----------------------------------------


def test_losing_a_role_takes_effect_on_the_next_request(demo_db):
    from shabaka.accounts.models import Role
    from shabaka.accounts.services import role_revoke

    demo = demo_db
    coordinator = demo.users["coordinator"]
    client = _client(demo, "coordinator")
    doc_url = f"/documents/{demo.objects['members_doc'].public_id}/about/"
    edit_url = f"/networks/{demo.objects['tripoli'].slug}/edit/"
    assert client.get(doc_url).status_code == 200
    assert client.get(edit_url).status_code == 200
    assignment = coordinator.role_assignments.get(role=Role.COORDINATOR)
    role_revoke(assignment=assignment, revoked_by=demo.users["admin"])
    # Same session, next request: the members-only record is gone, the edit page refused.
    assert client.get(doc_url).status_code == 404
    assert client.get(edit_url).status_code == 403


def test_the_scan_finds_personal_data_where_it_may_be_shown(demo_db):
    """The scan is only worth something if the secrets do appear to those allowed."""
    demo = demo_db
    org = demo.objects["public_org"]
    person = org.people.first()
    staff_page = _body(_client(demo, "staff").get(f"/organisations/{org.pk}/"))
    assert person.email in staff_page or person.full_name in staff_page
    documents = _body(_client(demo, "coordinator").get("/documents/"))
    assert demo.objects["members_doc"].title in documents
    public_documents = _body(_client(demo, "anonymous").get("/documents/"))
    assert demo.objects["members_doc"].title not in public_documents


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_the_admin_site_is_for_administrators_only(role, demo_db):
    response = _client(demo_db, role).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _client(demo_db, "admin").get("/admin/").status_code == 200
