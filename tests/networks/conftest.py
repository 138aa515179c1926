import pytest

from tests.factories.networks import World


@pytest.fixture
def world(make_user):
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
