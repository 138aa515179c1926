"""The pages the benchmark measures signed in, found from the generated users' roles: the
coordinator's network page (with its members table), the network's action plan, the console of
the event its coordinating organisation organises and the invitation (nominations) page of that
event; project staff's project page; the member's organisation page."""

from django.contrib.contenttypes.models import ContentType

from shabaka.accounts.models import Role, RoleAssignment
from shabaka.benchmarks import users


def _scope(role: str, name: str, model, prefix: str) -> int:
    return (
        RoleAssignment.objects.filter(
            user__email=users.email(role, prefix),
            role=name,
            scope_type=ContentType.objects.get_for_model(model),
        )
        .values_list("scope_id", flat=True)
        .get()
    )


def signed_in_pages(prefix: str = "bench-") -> list[dict]:
    """[{"role", "email", "page", "path"}], in the order they are measured. Raises
    RoleAssignment.DoesNotExist when the data has no benchmark users (generated before them)."""
    from shabaka.directory.models import Organisation
    from shabaka.events.models import Invitation
    from shabaka.networks.models import Network
    from shabaka.plans.models import ActionPlan
    from shabaka.projects.models import Project

    network = Network.objects.get(pk=_scope("coordinator", Role.COORDINATOR, Network, prefix))
    coordinating = _scope("coordinator", Role.ORG_EDITOR, Organisation, prefix)
    member = _scope("member", Role.ORG_EDITOR, Organisation, prefix)
    plan = ActionPlan.objects.filter(network=network).order_by("pk").first()
    invitation = (
        Invitation.objects.filter(network=network, event__organisers=coordinating)
        .select_related("event")
        .order_by("pk")
        .first()
    )
    project = Project.objects.filter(slug__startswith=prefix).order_by("pk")[1:2].get()
    pages = [("coordinator", "network page", f"/networks/{network.slug}/")]
    if plan is not None:
        pages.append(("coordinator", "action plan", f"/plans/{plan.pk}/"))
    if invitation is not None:
        pages += [
            ("coordinator", "event console", f"/events/{invitation.event.slug}/console/"),
            ("coordinator", "nominations", f"/events/invitations/{invitation.pk}/"),
        ]
    pages += [
        ("staff", "project page", f"/projects/{project.slug}/"),
        ("member", "organisation page", f"/organisations/{member}/"),
    ]
    return [
        {"role": role, "email": users.email(role, prefix), "page": page, "path": path}
        for role, page, path in pages
    ]
