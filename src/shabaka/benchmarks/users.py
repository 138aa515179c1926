"""The benchmark's signed-in users: fixed emails, one known password, and for staff and the
network coordinator an authenticator key, so that `bench/run.py` can sign in through the real
sign-in form (and the second-factor form every role that sees personal data meets when DEBUG
is off). Benchmark data only: never load it beside real accounts.

No Django import at module level: bench/run.py reads these constants without settings.
"""

import time

PASSWORD = "bench-only-password"
# The RFC 6238 test secret ("12345678901234567890"), hex-encoded as django-otp stores it.
TOTP_KEY = "3132333435363738393031323334353637383930"

# role name -> local part of the email (the generator's prefix goes in front).
ROLES = {
    "coordinator": "coordinator",
    "member": "member",
    "staff": "staff",
}
DOMAIN = "example.org"


def email(role: str, prefix: str = "bench-") -> str:
    return f"{prefix}{ROLES[role]}@{DOMAIN}"


def totp_code(at: float | None = None) -> str:
    """The staff user's current authenticator code, computed as django-otp verifies it."""
    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(TOTP_KEY), step=30, t0=0, digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"
