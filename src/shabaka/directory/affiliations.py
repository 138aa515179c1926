"""What the directory shows of the networks organisations belong to, without importing them.

The networks app sits above the directory (a membership joins an organisation to a network),
so the directory never imports it: networks registers these functions at ready()
(networks.apps.NetworksConfig, networks.affiliations), as it widens who sees an organisation
(core.visibility.RecordVisibility.widen). Until something registers, an organisation belongs to
no network: the directory works on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass


def _none(*args, **kwargs):
    return None


def _empty(*args, **kwargs):
    return []


def _no_targets(viewer):
    from shabaka.directory.models import OrganisationImport

    network = OrganisationImport._meta.get_field("network").related_model
    return network._default_manager.none()


def _no_memberships(network_id, organisation_ids) -> dict:
    return {}


def _refuse_join(**kwargs):
    raise RuntimeError("No app joins organisations to networks (directory.affiliations).")


@dataclass
class Affiliations:
    # (user) -> a queryset of the ids of the organisations with a current membership in a
    # network the user belongs to, or None when the user belongs to none.
    peers: Callable = _none
    # (viewer, text) -> a queryset of the ids of the current members of the networks the text
    # names, as the viewer may see them (the organisation list's network filter).
    members_of_named: Callable = _none
    # (viewer, organisation_ids) -> rows (organisation_id, slug, acronym, name, localised name)
    # of the networks each organisation is a current member of, as the viewer may see them.
    network_rows: Callable = _empty
    # (viewer, organisation) -> the organisation's memberships the viewer may see, for its page.
    memberships: Callable = _empty
    # (viewer) -> a queryset of the networks an import may add its organisations to.
    import_targets: Callable = _no_targets
    # (network_id, organisation_ids) -> {organisation_id: status label} of their current
    # memberships in that network.
    current_memberships: Callable = _no_memberships
    # (*, network, organisation, coordinator, applied_by, reason) joins an imported
    # organisation to the network, active, and as its coordinator when `coordinator`.
    join: Callable = _refuse_join

    def register(self, **functions) -> None:
        for name, function in functions.items():
            if not hasattr(self, name):
                raise AttributeError(name)
            setattr(self, name, function)


AFFILIATIONS = Affiliations()
