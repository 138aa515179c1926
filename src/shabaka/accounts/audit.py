"""The audit log: every service that writes records who changed what, with old and new values.

Services call these inside their own `transaction.atomic()` block, so the entry and the change
commit or roll back together; calling them outside a transaction is a programming error.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from shabaka.accounts.models import AuditAction, AuditEntry
from shabaka.core.pagecache import bump_on_commit, shown_kind


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of `obj`'s concrete fields (foreign keys by id), ready to compare later."""
    wanted = set(fields) if fields is not None else None
    snapshot = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        snapshot[field.name] = _jsonable(field.value_from_object(obj))
    return snapshot


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    changes: dict[str, list[Any]] | None = None,
    reason: str = "",
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the service's transaction.")
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    # Cached pages showing this kind of record are dropped once the change commits, also when
    # the service wrote it without a model signal (QuerySet.update).
    bump_on_commit(shown_kind(type(obj)))
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.email if is_user else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={
            key: [_jsonable(old), _jsonable(new)] for key, (old, new) in (changes or {}).items()
        },
        reason=reason,
    )


def audit_created(
    *, actor, obj: models.Model, reason: str = "", extra: dict | None = None
) -> AuditEntry:
    changes = {
        name: [None, value]
        for name, value in audit_snapshot(obj).items()
        if value not in (None, "")
    }
    changes.update(extra or {})
    return audit_record(
        actor=actor, action=AuditAction.CREATE, obj=obj, changes=changes, reason=reason
    )


def audit_updated(
    *,
    actor,
    obj: models.Model,
    before: dict[str, Any],
    reason: str = "",
    action: str = AuditAction.UPDATE,
    extra: dict | None = None,
) -> AuditEntry | None:
    """Records the fields of `obj` that differ from `before`; nothing when nothing changed."""
    changes = _diff(before, audit_snapshot(obj, before.keys()))
    changes.update(extra or {})
    if not changes:
        return None
    return audit_record(actor=actor, action=action, obj=obj, changes=changes, reason=reason)


def audit_deleted(*, actor, obj: models.Model, reason: str = "") -> AuditEntry:
    changes = {name: [value, None] for name, value in audit_snapshot(obj).items()}
    return audit_record(
        actor=actor, action=AuditAction.DELETE, obj=obj, changes=changes, reason=reason
    )
