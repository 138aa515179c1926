"""Who may do what with news and documents.

News: project staff write and publish any news; a network coordinator writes and publishes the
news of the networks they coordinate (an item linked to one of them), since the networks report
their own activities. Documents: staff, and coordinators for their networks, upload."""

import rules

from shabaka.accounts.models import Role
from shabaka.accounts.roles import scope_ids
from shabaka.accounts.rules import is_project_staff, is_signed_in


@rules.predicate
def coordinates_a_network(user) -> bool:
    return bool(scope_ids(user, Role.COORDINATOR, "networks.Network"))


@rules.predicate
def coordinates_a_network_of_the_news(user, news) -> bool:
    if news is None:
        return False
    coordinated = scope_ids(user, Role.COORDINATOR, "networks.Network")
    return bool(coordinated) and news.networks.filter(pk__in=coordinated).exists()


@rules.predicate
def uploaded_it(user, document) -> bool:
    return document is not None and document.uploaded_by_id == user.pk


rules.add_perm("content.add_news", is_signed_in & (is_project_staff | coordinates_a_network))
rules.add_perm("content.change_news", is_project_staff | coordinates_a_network_of_the_news)
rules.add_perm("content.publish_news", is_project_staff | coordinates_a_network_of_the_news)
rules.add_perm("content.upload_document", is_signed_in & (is_project_staff | coordinates_a_network))
rules.add_perm("content.change_document", is_project_staff | (is_signed_in & uploaded_it))
