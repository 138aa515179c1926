import factory

from shabaka.core.visibility import Visibility
from shabaka.networks.models import (
    Membership,
    MembershipStatus,
    Network,
    NetworkKind,
    NetworkStatus,
)
from tests.factories.directory import CountryFactory, OrganisationFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Example Network {n}")
    slug = factory.Sequence(lambda n: f"example-network-{n}")
    kind = NetworkKind.NETWORK
    country = factory.SubFactory(CountryFactory)
    status = NetworkStatus.ACTIVE
    visibility = Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active membership (use the services to test life-cycle steps)."""

    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = MembershipStatus.ACTIVE
    visibility = Visibility.PUBLIC
