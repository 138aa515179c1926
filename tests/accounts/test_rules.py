"""The rules layer: each role allowed and refused where it should be."""

import pytest
from django.contrib.auth.models import Group

from shabaka.accounts.models import Role
from shabaka.accounts.roles import has_role

PLATFORM_PERMISSIONS = {
    # permission: roles that hold it
    "accounts.view_audit_log": {Role.ADMIN, Role.STAFF},
    "accounts.invite_user": {Role.ADMIN},
    "accounts.manage_roles": {Role.ADMIN},
    "accounts.view_users": {Role.ADMIN},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", sorted(PLATFORM_PERMISSIONS))
def test_platform_permissions_per_role(make_user, role, permission):
    user = make_user(role)
    assert user.has_perm(permission) is (role in PLATFORM_PERMISSIONS[permission])


@pytest.mark.django_db
@pytest.mark.parametrize("permission", sorted(PLATFORM_PERMISSIONS))
def test_anonymous_and_roleless_users_hold_no_platform_permission(make_user, permission):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm(permission)
    assert not make_user().has_perm(permission)


@pytest.mark.django_db
def test_an_inactive_user_loses_every_role(make_user):
    user = make_user(Role.ADMIN)
    user.is_active = False
    user.save()
    assert not has_role(user, Role.ADMIN)
    assert not user.has_perm("accounts.view_audit_log")


@pytest.mark.django_db
def test_losing_a_role_takes_effect_on_the_next_request(client, make_user):
    user = make_user(Role.STAFF)
    client.force_login(user)
    assert client.get("/accounts/audit/").status_code == 200
    user.role_assignments.all().delete()
    assert client.get("/accounts/audit/").status_code == 403


@pytest.mark.django_db
def test_scoped_role_holds_only_over_its_record(make_user):
    # Any model serves as a scope here; networks and organisations use the same mechanism.
    mine, other = Group.objects.create(name="mine"), Group.objects.create(name="other")
    user = make_user(scoped=[(Role.COORDINATOR, mine)])
    assert has_role(user, Role.COORDINATOR, mine)
    assert not has_role(user, Role.COORDINATOR, other)
    assert not has_role(user, Role.ORG_EDITOR, mine)


@pytest.mark.django_db
def test_role_checks_do_not_query_again_for_each_check(make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shabaka.accounts.models import User

    make_user(Role.STAFF, email="counted@example.org")

    def queries_for(rounds):
        user = User.objects.get(email="counted@example.org")
        with CaptureQueriesContext(connection) as ctx:
            for _ in range(rounds):
                user.has_perm("accounts.view_audit_log")
                user.has_perm("accounts.invite_user")
        return len(ctx.captured_queries)

    assert queries_for(1) == queries_for(20)
