"""API tokens: created, listed and revoked by their user; stored hashed."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.accounts.models import ApiToken, User
from shabaka.core.errors import Refused

TOKEN_PREFIX = "shb_"
MAX_ACTIVE_TOKENS = 20


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the stored token and the secret, which is never shown again."""
    name = name.strip()
    if not name:
        raise Refused(_("Give the token a name, e.g. the script that uses it."), field="name")
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise Refused(_("You have too many active tokens; revoke one first."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], digest=_digest(secret)
    )
    audit_created(actor=user, obj=token)
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, revoked_by: User) -> ApiToken:
    if token.revoked_at is not None:
        raise Refused(_("This token is already revoked."))
    before = audit_snapshot(token, ["revoked_at"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_updated(actor=revoked_by, obj=token, before=before)
    return token


def user_for_token(secret: str) -> User | None:
    """The active user owning an active token, or None."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Recording every use would turn each read into a write; once a minute is enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
