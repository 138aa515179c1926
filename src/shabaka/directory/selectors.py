"""Reads of the directory, always through what the viewer may see."""

from django.db.models import Q, QuerySet

from shabaka.accounts.rules import is_project_staff
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Organisation, Person


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Public organisations, plus unlisted ones to the members of their networks, all to staff.
    Load organisations through this so a hidden one is a 404 by construction."""
    from shabaka.networks.models import MembershipStatus
    from shabaka.networks.selectors import member_network_ids

    organisations = Organisation.objects.all()
    if is_project_staff(user):
        return organisations
    networks = member_network_ids(user)
    if not networks:
        return organisations.filter(visibility=Visibility.PUBLIC)
    return organisations.filter(
        Q(visibility=Visibility.PUBLIC)
        | Q(
            visibility=Visibility.MEMBERS,
            memberships__network_id__in=networks,
            memberships__status__in=[
                MembershipStatus.ACTIVE,
                MembershipStatus.SUSPENDED,
                MembershipStatus.APPLIED,
            ],
        )
    ).distinct()


def people_visible_to(user) -> QuerySet[Person]:
    """People are personal data: staff see all; signed-in network members see people of
    organisations they can see; the public sees only people who agreed to be named."""
    people = Person.objects.select_related("organisation")
    if is_project_staff(user):
        return people
    if user is not None and user.is_authenticated:
        from shabaka.networks.selectors import member_network_ids

        if member_network_ids(user):
            return people.filter(
                Q(is_public=True) | Q(organisation__in=organisations_visible_to(user).values("pk"))
            )
    return people.filter(is_public=True)


def can_see_contact_details(user, organisation: Organisation) -> bool:
    if organisation.contact_visibility == Visibility.PUBLIC:
        return True
    if is_project_staff(user):
        return True
    if organisation.contact_visibility == Visibility.STAFF:
        return False
    from shabaka.networks.selectors import member_network_ids

    networks = member_network_ids(user)
    return bool(networks) and organisation.memberships.filter(network_id__in=networks).exists()
