"""Demo accounts, one per role, with clearly fictional names and one shared password."""

from django.db import transaction

from shabaka.accounts.models import Role, RoleAssignment, User

DEMO_PASSWORD = "shabaka-demo-2021"

# (email, name, platform-wide roles)
DEMO_USERS = [
    ("admin@demo.shabaka.invalid", "Demo Administrator", [Role.ADMIN]),
    ("staff@demo.shabaka.invalid", "Demo Project Officer", [Role.STAFF]),
    ("coordinator@demo.shabaka.invalid", "Demo Network Coordinator", []),
    ("editor@demo.shabaka.invalid", "Demo Organisation Editor", []),
    ("focalpoint@demo.shabaka.invalid", "Demo Focal Point", [Role.FOCAL_POINT]),
    ("secretariat@demo.shabaka.invalid", "Demo Secretariat Officer", [Role.SECRETARIAT]),
    ("viewer@demo.shabaka.invalid", "Demo Viewer", [Role.VIEWER]),
]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


@transaction.atomic
def load(stdout) -> None:
    created = 0
    for email, name, roles in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
            created += 1
        if email.startswith("admin@") and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        for role in roles:
            RoleAssignment.objects.get_or_create(
                user=user, role=role, scope_type=None, scope_id=None
            )
    stdout.write(
        f"  accounts: {created} created; every demo account's password is {DEMO_PASSWORD!r}"
    )
