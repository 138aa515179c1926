import datetime
from decimal import Decimal

import factory

from shabaka.projects.models import (
    Funding,
    OrganisationRole,
    ParticipatingOrganisation,
    Project,
    ProjectStatus,
)
from tests.factories.directory import OrganisationFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Example Project {n}")
    slug = factory.Sequence(lambda n: f"example-project-{n}")
    status = ProjectStatus.IMPLEMENTATION
    planned_start = datetime.date(2020, 1, 1)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipatingOrganisation

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationRole.IMPLEMENTING


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(OrganisationFactory, kind="donor")
    amount = Decimal("100000.00")
    currency = "EUR"
    committed_on = datetime.date(2020, 1, 1)
