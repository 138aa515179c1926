"""Who may do what. Views, the API and templates all ask here (`user.has_perm(...)`)."""

import rules

from shabaka.accounts.models import Role
from shabaka.accounts.roles import has_role


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_platform_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


@rules.predicate
def is_project_staff_only(user) -> bool:
    return has_role(user, Role.STAFF)


is_project_staff = is_platform_admin | is_project_staff_only


@rules.predicate
def is_focal_point(user) -> bool:
    return has_role(user, Role.FOCAL_POINT)


@rules.predicate
def is_dialogue_secretariat(user) -> bool:
    return has_role(user, Role.SECRETARIAT)


@rules.predicate
def is_coordinator_of(user, network) -> bool:
    return network is not None and has_role(user, Role.COORDINATOR, network)


@rules.predicate
def is_editor_of(user, organisation) -> bool:
    return organisation is not None and has_role(user, Role.ORG_EDITOR, organisation)


rules.add_perm("accounts.view_audit_log", is_project_staff)
rules.add_perm("jobs.view_all_jobs", is_project_staff)
rules.add_perm("accounts.invite_user", is_platform_admin)
rules.add_perm("accounts.manage_roles", is_platform_admin)
rules.add_perm("accounts.view_users", is_platform_admin)
