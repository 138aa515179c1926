"""Factories per app: import from tests.factories.<app>. The accounts ones are re-exported here."""

from tests.factories.accounts import TEST_PASSWORD, UserFactory

__all__ = ["TEST_PASSWORD", "UserFactory"]
