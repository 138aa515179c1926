"""Who holds which role, loaded once per request and kept on the user object.

Roles are re-read on every request (a new user object each time), so losing a role takes effect
on the next request.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from shabaka.accounts.models import Role, RoleAssignment

# The kind of record a scoped role is held over. A role missing here is platform-wide.
SCOPED_ROLES: dict[str, str] = {
    Role.COORDINATOR: "networks.Network",
    Role.ORG_EDITOR: "directory.Organisation",
}
# Roles that may be held platform-wide or over one record.
OPTIONALLY_SCOPED_ROLES: dict[str, str] = {
    Role.SECRETARIAT: "dialogues.Dialogue",
    Role.FOCAL_POINT: "dialogues.Dialogue",
}

_CACHE_ATTR = "_shabaka_roles"


def role_set(user) -> frozenset[tuple[str, int | None, int | None]]:
    """(role, scope content type id, scope id) for every role the user holds; one query."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user=user).values_list(
                "role", "scope_type_id", "scope_id"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, role: str, scope: models.Model | None = None) -> bool:
    """Whether the user holds `role`; with a scope, over that record (or platform-wide)."""
    held = role_set(user)
    if scope is None:
        return any(r == role for r, _t, _i in held)
    scope_type_id = ContentType.objects.get_for_model(scope, for_concrete_model=True).pk
    return (role, scope_type_id, scope.pk) in held or (role, None, None) in held


def scope_ids(user, role: str, model_label: str) -> set[int]:
    """Ids of the records of `model_label` over which the user holds `role`."""
    model = apps.get_model(model_label)
    scope_type_id = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    return {i for r, t, i in role_set(user) if r == role and t == scope_type_id}


def roles_scope_part(user) -> str:
    """The user's roles, for the scope of the parts of signed-in pages kept in the cache
    (core.fragments.SCOPE_PARTS)."""
    return "roles=" + ",".join(sorted(f"{r}:{t}:{i}" for r, t, i in role_set(user)))
