import factory

from shabaka.dialogues.models import Dialogue, PartnerState, PartnerStatus
from shabaka.directory.models import OrganisationKind
from tests.factories.directory import CountryFactory, OrganisationFactory, PersonFactory


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    name = factory.Sequence(lambda n: f"Example Dialogue on Migration {n}")
    short_name = factory.Sequence(lambda n: f"Example Process {n}")
    slug = factory.Sequence(lambda n: f"example-process-{n}")
    launched = 2006


class PartnerStateFactory(factory.django.DjangoModelFactory):
    """A partner state record (use the services to test status changes)."""

    class Meta:
        model = PartnerState

    dialogue = factory.SubFactory(DialogueFactory)
    country = factory.SubFactory(CountryFactory)
    status = PartnerStatus.MEMBER


class GovernmentBodyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Example Ministry {n}")
    kind = OrganisationKind.GOVERNMENT


class OfficialFactory(PersonFactory):
    """A person of a government body (Libyan by default)."""

    full_name = factory.Sequence(lambda n: f"Placeholder Official {n}")
    organisation = factory.SubFactory(GovernmentBodyFactory)
