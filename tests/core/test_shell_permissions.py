"""The header's links to the audit log and the users' list follow the rules (staff, platform
administrators), asked without Django's ModelBackend: no query of model permissions on a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "audit", "users"),
    [(None, False, False), (Role.STAFF, True, False), (Role.ADMIN, True, True)],
)
def test_the_headers_links_follow_the_rules_without_a_permission_query(
    client, make_user, role, audit, users
):
    client.force_login(make_user(role) if role else make_user())
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/").content.decode()
    assert ('href="/accounts/audit/"' in body) is audit
    assert ('href="/accounts/users/"' in body) is users
    assert not [q for q in queries if "auth_permission" in q["sql"]]
