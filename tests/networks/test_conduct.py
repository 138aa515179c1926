"""Code of Conduct life cycles: versions (draft -> adopted -> superseded), adoption per network
of a common code, endorsements per member and their renewal."""

import datetime

import pytest
from django.utils import timezone

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.networks import conduct, services
from shabaka.networks.models import (
    CodeAdoption,
    CodeVersionStatus,
    Endorsement,
    EndorsementStatus,
    MembershipStatus,
)
from tests.factories.networks import MembershipFactory, NetworkFactory

V = CodeVersionStatus


@pytest.fixture
def networks(db):
    return NetworkFactory(slug="a"), NetworkFactory(slug="b")


@pytest.fixture
def code(staff_user):
    return conduct.code_create(
        title="Common code", texts={"en": "Text v1", "ar": "نص"}, created_by=staff_user
    )


def _counts():
    return (
        AuditEntry.objects.count(),
        CodeAdoption.objects.count(),
        Endorsement.objects.count(),
    )


@pytest.mark.django_db
def test_a_common_code_is_adopted_by_several_networks_and_endorsed_by_their_members(
    networks, code, staff_user, outsider
):
    a, b = networks
    v1 = code.versions.get(number=1)
    assert v1.status == V.DRAFT
    conduct.code_adopt(
        version=v1, network=a, adopted_by=staff_user, adopted_on=datetime.date(2020, 6, 1)
    )
    conduct.code_adopt(
        version=v1, network=b, adopted_by=staff_user, adopted_on=datetime.date(2020, 7, 1)
    )
    v1.refresh_from_db()
    assert v1.status == V.ADOPTED and v1.adopted_at is not None
    member_a = MembershipFactory(network=a)
    member_b = MembershipFactory(network=b)
    e_a = conduct.endorsement_create(membership=member_a, version=v1, endorsed_by=outsider)
    conduct.endorsement_create(
        membership=member_b, version=v1, endorsed_by=outsider, signatory="Chair"
    )
    assert e_a.status == EndorsementStatus.CURRENT and e_a.endorsed_on == timezone.localdate()
    assert set(CodeAdoption.objects.values_list("network__slug", flat=True)) == {"a", "b"}
    # Every step is in the audit log.
    audited = set(AuditEntry.objects.values_list("content_type__model", "action"))
    assert {
        ("codeofconduct", "create"),
        ("codeversion", "create"),
        ("codeversion", "transition"),
        ("codeadoption", "create"),
        ("endorsement", "create"),
    } <= audited


@pytest.mark.django_db
def test_a_new_version_adopted_by_one_network_asks_its_members_to_renew_only(
    networks, code, staff_user, outsider
):
    a, b = networks
    v1 = code.versions.get(number=1)
    for network in (a, b):
        conduct.code_adopt(
            version=v1, network=network, adopted_by=staff_user, adopted_on=datetime.date(2020, 1, 1)
        )
    member_a, member_b = MembershipFactory(network=a), MembershipFactory(network=b)
    for membership in (member_a, member_b):
        conduct.endorsement_create(membership=membership, version=v1, endorsed_by=outsider)

    v2 = conduct.code_version_draft(code=code, created_by=staff_user, note="Adds data protection")
    assert v2.number == 2 and v2.status == V.DRAFT
    assert {t.language for t in v2.texts.all()} == {"en", "ar"}  # starts from v1's text
    conduct.code_version_edit(version=v2, edited_by=staff_user, texts={"en": "Text v2"})
    conduct.code_adopt(version=v2, network=a, adopted_by=staff_user)

    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.status == V.SUPERSEDED and v2.status == V.ADOPTED
    e_a = member_a.endorsements.get()
    e_b = member_b.endorsements.get()
    assert e_a.status == EndorsementStatus.RENEWAL_NEEDED and e_a.renewal_needed_since
    assert e_b.status == EndorsementStatus.CURRENT  # network b still has v1 in force
    assert conduct.code_in_force(a).version == v2
    assert conduct.code_in_force(b).version == v1
    assert a.code_adoptions.get(version=v1).replaced_at is not None
    # Renewing: endorse the new version; the old endorsement stays in the history.
    conduct.endorsement_create(membership=member_a, version=v2, endorsed_by=outsider)
    assert member_a.endorsements.count() == 2
    renewal = AuditEntry.objects.filter(
        content_type__model="endorsement", object_id=str(e_a.pk), action="transition"
    ).get()
    assert renewal.changes["status"] == ["current", "renewal"]


@pytest.mark.django_db
def test_endorsing_a_draft_is_refused_and_changes_nothing(networks, code, outsider):
    a, _b = networks
    membership = MembershipFactory(network=a)
    before = _counts()
    with pytest.raises(InvalidTransition, match="A draft cannot be endorsed"):
        conduct.endorsement_create(
            membership=membership, version=code.versions.get(), endorsed_by=outsider
        )
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [MembershipStatus.APPLIED, MembershipStatus.SUSPENDED, MembershipStatus.LEFT]
)
def test_endorsing_as_a_non_member_is_refused(networks, code, staff_user, outsider, status):
    a, _b = networks
    v1 = code.versions.get()
    conduct.code_adopt(version=v1, network=a, adopted_by=staff_user)
    membership = MembershipFactory(network=a, status=status)
    before = _counts()
    with pytest.raises(Refused, match="Only an active member can endorse"):
        conduct.endorsement_create(membership=membership, version=v1, endorsed_by=outsider)
    assert _counts() == before


@pytest.mark.django_db
def test_endorsing_a_version_not_in_force_in_the_network_is_refused(
    networks, code, staff_user, outsider
):
    a, b = networks
    v1 = code.versions.get()
    conduct.code_adopt(version=v1, network=a, adopted_by=staff_user)
    member_of_b = MembershipFactory(network=b)
    before = _counts()
    with pytest.raises(InvalidTransition, match="not the code in force"):
        conduct.endorsement_create(membership=member_of_b, version=v1, endorsed_by=outsider)
    assert _counts() == before


@pytest.mark.django_db
def test_endorsing_twice_and_predating_the_adoption_are_refused(
    networks, code, staff_user, outsider
):
    a, _b = networks
    v1 = code.versions.get()
    conduct.code_adopt(
        version=v1, network=a, adopted_by=staff_user, adopted_on=datetime.date(2020, 5, 5)
    )
    membership = MembershipFactory(network=a)
    with pytest.raises(Refused, match="cannot predate the adoption"):
        conduct.endorsement_create(
            membership=membership,
            version=v1,
            endorsed_by=outsider,
            endorsed_on=datetime.date(2020, 5, 4),
        )
    conduct.endorsement_create(membership=membership, version=v1, endorsed_by=outsider)
    before = _counts()
    with pytest.raises(Refused, match="already endorsed"):
        conduct.endorsement_create(membership=membership, version=v1, endorsed_by=outsider)
    assert _counts() == before


@pytest.mark.django_db
def test_an_adopted_version_cannot_be_edited_and_a_superseded_one_cannot_be_adopted(
    networks, code, staff_user
):
    a, b = networks
    v1 = code.versions.get()
    conduct.code_adopt(version=v1, network=a, adopted_by=staff_user)
    before = _counts()
    with pytest.raises(InvalidTransition, match="Only a draft can be edited"):
        conduct.code_version_edit(version=v1, edited_by=staff_user, texts={"en": "changed"})
    assert v1.texts.get(language="en").body == "Text v1"
    v2 = conduct.code_version_draft(code=code, created_by=staff_user)
    with pytest.raises(Refused, match="still a draft"):
        conduct.code_version_draft(code=code, created_by=staff_user)
    conduct.code_adopt(version=v2, network=a, adopted_by=staff_user)
    before = _counts()
    with pytest.raises(InvalidTransition, match="superseded"):
        conduct.code_adopt(version=v1, network=b, adopted_by=staff_user)
    assert _counts() == before
    with pytest.raises(Refused, match="already has this version in force"):
        conduct.code_adopt(version=v2, network=a, adopted_by=staff_user)
    assert _counts() == before


@pytest.mark.django_db
def test_adoption_refuses_a_future_date_and_an_empty_text(networks, staff_user):
    a, _b = networks
    empty = conduct.code_create(title="Empty", created_by=staff_user)
    with pytest.raises(Refused, match="text in at least one language"):
        conduct.code_adopt(version=empty.versions.get(), network=a, adopted_by=staff_user)
    code = conduct.code_create(title="Dated", texts={"fr": "Texte"}, created_by=staff_user)
    before = _counts()
    with pytest.raises(Refused, match="future"):
        conduct.code_adopt(
            version=code.versions.get(),
            network=a,
            adopted_by=staff_user,
            adopted_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert _counts() == before
    assert code.versions.get().status == V.DRAFT


@pytest.mark.django_db
def test_a_member_who_left_keeps_its_endorsement_history(networks, code, staff_user, outsider):
    a, _b = networks
    v1 = code.versions.get()
    conduct.code_adopt(version=v1, network=a, adopted_by=staff_user)
    membership = MembershipFactory(network=a)
    conduct.endorsement_create(membership=membership, version=v1, endorsed_by=outsider)
    services.membership_leave(membership=membership, decided_by=outsider)
    assert membership.endorsements.count() == 1
