import pytest

from tests.factories.accounts import UserFactory


def pytest_configure(config):
    from django.conf import settings

    # The page cache is off unless a test is about it (tests/core/test_page_cache.py): a page
    # served from the cache runs no query, and query counts are what the page tests measure.
    # Set here, not in a fixture, because the API fuzzing loads the schema while collecting.
    settings.PAGE_CACHE = False
    # Nor are parts of signed-in pages kept (core.fragments), unless a test is about them
    # (tests/core/test_fragments.py): most tests write inside a transaction that never commits,
    # so the generation numbers that keep those parts fresh are not raised.
    settings.FRAGMENT_CACHE = False


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def make_user(db):
    """A user holding the given platform-wide roles (and scoped roles passed as (role, record))."""
    from shabaka.accounts.models import RoleAssignment

    def make(*roles, scoped=(), **fields):
        user = UserFactory(**fields)
        for role in roles:
            RoleAssignment.objects.create(user=user, role=role)
        for role, record in scoped:
            from django.contrib.contenttypes.models import ContentType

            RoleAssignment.objects.create(
                user=user,
                role=role,
                scope_type=ContentType.objects.get_for_model(record),
                scope_id=record.pk,
            )
        return user

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", email="alice@example.org", full_name="Alice Admin")


@pytest.fixture
def staff_user(make_user):
    return make_user("staff", email="sam@example.org", full_name="Sam Staff")


@pytest.fixture
def viewer_user(make_user):
    return make_user("viewer", email="victor@example.org", full_name="Victor Viewer")


@pytest.fixture
def outsider(make_user):
    return make_user(email="charlie@example.org", full_name="Charlie Outsider")


# The world of the directory and networks permission tests (roles over demo-like records).
@pytest.fixture
def world(make_user):
    from tests.factories.networks import World

    return World(make_user)


@pytest.fixture
def as_role(client, world, make_user, viewer_user, staff_user, admin_user):
    """Signs the test client in as one of the roles of the permission tests."""
    users = {
        "anonymous": None,
        "viewer": viewer_user,
        "editor": world.editor,
        "other_coordinator": world.other_coordinator,
        "coordinator": world.coordinator,
        "staff": staff_user,
        "admin": admin_user,
    }

    def sign_in(role):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return sign_in


@pytest.fixture
def run_worker():
    """Runs what the background queue holds now, as `shabaka worker --batch` does."""
    from django.core.management import call_command

    def run():
        call_command("worker", batch=True, no_schedule=True, verbosity=0)

    return run
