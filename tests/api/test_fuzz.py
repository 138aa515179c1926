"""Schema-driven fuzzing of the API with schemathesis: no 5xx, no response that breaks the
schema. Bounded in examples so it stays fast; runs once (SQLite) in CI."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from shabaka.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def api_data(db):
    # As Django's test client does: keep the test's connection open across requests.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    from tests.factories.directory import OrganisationFactory
    from tests.factories.networks import MembershipFactory, NetworkFactory
    from tests.factories.projects import ProjectFactory

    network = NetworkFactory(slug="west")
    MembershipFactory(network=network, organisation=OrganisationFactory(name="جمعية الهجرة"))
    ProjectFactory(slug="simm-libya")
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_keeps_its_schema(api_data, case):
    case.call_and_validate()
