import pytest
from django.contrib.auth.models import Group

from shabaka.accounts import services
from shabaka.accounts.models import AuditEntry, Role, RoleAssignment
from shabaka.core.errors import Refused


@pytest.mark.django_db
def test_granting_a_role_is_audited_and_idempotent(admin_user, outsider):
    services.role_grant(user=outsider, role=Role.STAFF, granted_by=admin_user)
    services.role_grant(user=outsider, role=Role.STAFF, granted_by=admin_user)
    assert RoleAssignment.objects.filter(user=outsider, role=Role.STAFF).count() == 1
    entry = AuditEntry.objects.get(object_repr="Project staff")
    assert entry.actor == admin_user
    assert entry.changes["role"] == [None, "staff"]
    assert outsider.has_perm("accounts.view_audit_log")


@pytest.mark.django_db
def test_a_scoped_role_needs_its_record(admin_user, outsider):
    with pytest.raises(Refused, match="held over one record"):
        services.role_grant(user=outsider, role=Role.COORDINATOR, granted_by=admin_user)
    assert not RoleAssignment.objects.exists() or not outsider.role_assignments.exists()


@pytest.mark.django_db
def test_a_platform_role_cannot_be_scoped(admin_user, outsider):
    with pytest.raises(Refused, match="platform-wide"):
        services.role_grant(
            user=outsider,
            role=Role.STAFF,
            scope=Group.objects.create(name="g"),
            granted_by=admin_user,
        )
    assert not outsider.role_assignments.exists()


@pytest.mark.django_db
def test_revoking_is_audited_with_the_old_value(admin_user, outsider):
    assignment = services.role_grant(user=outsider, role=Role.VIEWER, granted_by=admin_user)
    services.role_revoke(assignment=assignment, revoked_by=admin_user, reason="left the project")
    assert not outsider.role_assignments.exists()
    entry = AuditEntry.objects.filter(action="delete").get()
    assert entry.changes["role"] == ["viewer", None]
    assert entry.reason == "left the project"


@pytest.mark.django_db
def test_admin_grants_and_revokes_through_the_users_page(client, admin_user, outsider):
    client.force_login(admin_user)
    response = client.post(f"/accounts/users/{outsider.pk}/roles/", {"role": "staff"})
    assert response.status_code == 302
    assignment = outsider.role_assignments.get()
    assert assignment.role == "staff"
    client.post(f"/accounts/users/{outsider.pk}/roles/", {"revoke": assignment.pk})
    assert not outsider.role_assignments.exists()


@pytest.mark.django_db
def test_staff_cannot_grant_roles(client, staff_user, outsider):
    client.force_login(staff_user)
    response = client.post(f"/accounts/users/{outsider.pk}/roles/", {"role": "admin"})
    assert response.status_code == 403
    assert not outsider.role_assignments.exists()
