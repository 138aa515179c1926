"""Reads for the accounts pages."""

from datetime import date

from django.db.models import QuerySet

from shabaka.accounts.models import AuditEntry, User


def audit_entries(
    *,
    actor_email: str = "",
    content_type_id: int | None = None,
    object_id: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("content_type")
    if actor_email:
        entries = entries.filter(actor_label__icontains=actor_email.strip())
    if content_type_id:
        entries = entries.filter(content_type_id=content_type_id)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if action:
        entries = entries.filter(action=action)
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries.order_by("-created_at", "-id")


def users_with_roles() -> QuerySet[User]:
    return User.objects.prefetch_related("role_assignments__scope_type").order_by("email")
