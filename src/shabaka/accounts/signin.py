"""Sign-in helpers for django-axes."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def axes_username(request, credentials: dict | None) -> str | None:
    """The account a sign-in attempt is for, normalised as stored, so that "Ali@X.org " and
    "ali@x.org" count against the same account."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return raw.strip().lower() if raw else None


class AxesHandler(AxesDatabaseHandler):
    """Lockouts that cannot be turned against the account's owner.

    AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"]: failures are counted
    for the pair (account, address) and for the address alone. The pair locks after
    AXES_FAILURE_LIMIT failures, the address alone only after AXES_ADDRESS_FAILURE_LIMIT (more:
    one office or mobile network's address is shared by many people). The account alone is never
    locked, so no one can keep its owner out by failing from elsewhere."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # axes compares the one number returned here with AXES_FAILURE_LIMIT.
        return address if address >= settings.AXES_ADDRESS_FAILURE_LIMIT else pair

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # A successful sign-in clears its own pair only, not the failures of other accounts
        # counted against the same address.
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count


def lockout_clear(*, username: str) -> None:
    """Forget an account's failed sign-ins from every address (after a password reset: whoever
    set the new password owns the account)."""
    from axes.utils import reset

    reset(username=username.strip().lower())
