import datetime

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


def adopted_code(network, *, by=None, adopted_on=None, title="Common code"):
    """A code of conduct with version 1 adopted by `network` (through the services)."""
    from shabaka.networks import conduct

    code = conduct.code_create(
        title=title, texts={"en": "We act with integrity.", "ar": "نعمل بنزاهة."}, created_by=by
    )
    version = code.versions.get(number=1)
    conduct.code_adopt(version=version, network=network, adopted_by=by, adopted_on=adopted_on)
    version.refresh_from_db()
    return code, version


class World:
    """A small world for page and permission tests: a network with its coordinator, a public
    member with its editor, an unlisted member, a pending applicant, people with personal data,
    a code in force, and another network with its own coordinator."""

    def __init__(self, make_user):
        from shabaka.accounts.models import Role
        from shabaka.networks import conduct
        from tests.factories.directory import PersonFactory

        self.network = NetworkFactory(slug="net-one", name="Network One")
        self.other_network = NetworkFactory(slug="net-two", name="Network Two")
        self.member = OrganisationFactory(name="Public Member Association")
        self.unlisted = OrganisationFactory(
            name="Quiet Unlisted Association", visibility=Visibility.MEMBERS
        )
        self.applicant = OrganisationFactory(name="Applicant Association")
        self.outside = OrganisationFactory(name="Outside Association")
        self.membership = MembershipFactory(network=self.network, organisation=self.member)
        self.unlisted_membership = MembershipFactory(
            network=self.network, organisation=self.unlisted, visibility=Visibility.MEMBERS
        )
        self.application = MembershipFactory(
            network=self.network, organisation=self.applicant, status=MembershipStatus.APPLIED
        )
        MembershipFactory(network=self.other_network, organisation=self.outside)
        self.coordinator = make_user(scoped=[(Role.COORDINATOR, self.network)])
        self.other_coordinator = make_user(scoped=[(Role.COORDINATOR, self.other_network)])
        self.editor = make_user(scoped=[(Role.ORG_EDITOR, self.member)])
        self.private_person = PersonFactory(
            organisation=self.member,
            full_name="Private Person Name",
            email="private.person@secret.example",
            phone="+218 91 123 4567",
        )
        self.public_person = PersonFactory(
            organisation=self.member,
            full_name="Consenting Public Person",
            email="public.person@secret.example",
            phone="+218 92 765 4321",
            is_public=True,
        )
        self.platform = NetworkFactory(
            slug="platform", name="National Platform", kind=NetworkKind.PLATFORM
        )
        self.platform_membership = MembershipFactory(
            network=self.platform, organisation=None, member_network=self.network
        )
        self.code, self.version = adopted_code(self.network, adopted_on=datetime.date(2020, 1, 15))
        self.endorsement = conduct.endorsement_create(
            membership=self.membership, version=self.version, endorsed_by=self.editor
        )
