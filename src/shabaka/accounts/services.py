"""Writes on users and roles. Callers check permissions (rules.py) before calling."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from shabaka.accounts.audit import (
    audit_created,
    audit_deleted,
    audit_record,
    audit_snapshot,
    audit_updated,
)
from shabaka.accounts.models import AuditAction, Role, RoleAssignment, User
from shabaka.accounts.roles import OPTIONALLY_SCOPED_ROLES, SCOPED_ROLES, forget_roles
from shabaka.core.errors import Refused
from shabaka.jobs.mail import send_templated_email, site_url

_INVITATION_SALT = "shabaka.accounts.invitation"


def _password_state(user: User) -> str:
    # Changes when the password is set, so an invitation link works once.
    return salted_hmac(_INVITATION_SALT, user.password or "", algorithm="sha256").hexdigest()[:16]


def invitation_token_make(*, user: User) -> str:
    return signing.dumps({"u": user.pk, "p": _password_state(user)}, salt=_INVITATION_SALT)


def invitation_user_for_token(*, token: str) -> User:
    """The invited user for a valid, unused and unexpired token; Refused otherwise."""
    try:
        data = signing.loads(token, salt=_INVITATION_SALT, max_age=settings.INVITATION_TIMEOUT)
    except signing.SignatureExpired:
        raise Refused(
            _("This invitation has expired. Ask an administrator to invite you again.")
        ) from None
    except signing.BadSignature:
        raise Refused(_("This invitation link is not valid.")) from None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(data.get("p", ""), _password_state(user)):
        raise Refused(_("This invitation has already been used. Sign in or reset your password."))
    return user


def _validate_scope(role: str, scope: models.Model | None) -> None:
    required = SCOPED_ROLES.get(role)
    optional = OPTIONALLY_SCOPED_ROLES.get(role)
    label = required or optional
    if scope is None:
        if required:
            raise Refused(_("This role is held over one record: choose which."), field="scope")
        return
    if label is None:
        raise Refused(
            _("This role is platform-wide and cannot be limited to one record."), field="scope"
        )
    if not isinstance(scope, apps.get_model(label)):
        raise Refused(_("This role cannot be held over that kind of record."), field="scope")


@transaction.atomic
def role_grant(
    *, user: User, role: str, scope: models.Model | None = None, granted_by: User | None
) -> RoleAssignment:
    if role not in Role.values:
        raise Refused(_("Unknown role."), field="role")
    _validate_scope(role, scope)
    scope_type = (
        ContentType.objects.get_for_model(scope, for_concrete_model=True) if scope else None
    )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        scope_type=scope_type,
        scope_id=scope.pk if scope else None,
        defaults={"granted_by": granted_by},
    )
    if created:
        audit_created(actor=granted_by, obj=assignment)
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, revoked_by: User | None, reason: str = "") -> None:
    audit_deleted(actor=revoked_by, obj=assignment, reason=reason)
    assignment.delete()
    forget_roles(assignment.user)


def _send_invitation(user: User) -> None:
    """Into the outbox, in the invitee's language, with the link built from SITE_URL (never from
    the Host header of the request that invited them)."""
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation_token_make(user=user)})
    send_templated_email(
        recipient=user.email,
        language=user.preferred_language,
        subject=lambda: _("You are invited to Shabaka"),
        template="accounts/email/invitation.txt",
        context={
            "user": user,
            "link": site_url(path),
            "days": settings.INVITATION_TIMEOUT // 86400,
        },
    )


@transaction.atomic
def user_invite(
    *,
    email: str,
    full_name: str,
    invited_by: User | None,
    roles: list[str] | tuple[str, ...] = (),
    preferred_language: str = "en",
) -> User:
    """Creates an account without a password and emails a link to choose one."""
    email = User.objects.normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(_("Enter a valid email address."), field="email") from None
    if not full_name.strip():
        raise Refused(_("Enter the person's name."), field="full_name")
    if User.objects.filter(email__iexact=email).exists():
        raise Refused(_("An account with this email address already exists."), field="email")
    if preferred_language not in dict(settings.LANGUAGES):
        raise Refused(_("Unknown language."), field="preferred_language")
    user = User.objects.create_user(
        email=email,
        full_name=full_name.strip(),
        preferred_language=preferred_language,
        invited_by=invited_by,
    )
    audit_created(actor=invited_by, obj=user, reason="invitation")
    for role in roles:
        role_grant(user=user, role=role, granted_by=invited_by)
    # In the outbox of the same transaction: no email for a rolled-back invite, none lost.
    _send_invitation(user)
    return user


@transaction.atomic
def user_accept_invitation(*, user: User, password: str) -> User:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"password": ["(unset)", "(set)"]},
        reason="invitation accepted",
    )
    return user


@transaction.atomic
def user_update_preferences(*, user: User, full_name: str, preferred_language: str) -> User:
    if preferred_language not in dict(settings.LANGUAGES):
        raise Refused(_("Unknown language."), field="preferred_language")
    if not full_name.strip():
        raise Refused(_("Enter your name."), field="full_name")
    before = audit_snapshot(user, ["full_name", "preferred_language"])
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["full_name", "preferred_language"])
    audit_updated(actor=user, obj=user, before=before)
    return user
