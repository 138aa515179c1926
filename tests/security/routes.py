"""Every page of the site, from the URL resolver, with its URL keyword arguments filled from
demo objects. Shared by the permission matrix and the form fuzzing, so a new page is covered by
both without editing them: only a new kind of URL argument needs a row in KWARGS."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Not pages of ours: the Django admin (checked on its own), the API (enumerated from its
# OpenAPI schema instead) and Django's language switch.
SKIPPED_PREFIXES = ("admin/", "api/v1/", "i18n/")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # "organisations/<int:pk>/"
    kwargs: tuple[str, ...]

    @property
    def segment(self) -> str:
        return self.route.split("/", 1)[0]


def site_routes() -> list[Route]:
    found: dict[str, Route] = {}

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                yield Route(name, prefix + str(p.pattern), tuple(p.pattern.converters))

    for r in walk(get_resolver().url_patterns):
        if r.route.startswith(SKIPPED_PREFIXES):
            continue
        found.setdefault(r.name, r)
    return sorted(found.values(), key=lambda r: r.name)


@dataclass(frozen=True)
class Target:
    """One URL to request, and who may see the record it shows (None: anyone who may use the
    page at all)."""

    url: str
    variant: str
    record_roles: frozenset | None = None


def _first(qs):
    obj = qs.order_by("pk").first()
    assert obj is not None, f"the demo has no {qs.model.__name__}"
    return obj


def _plan(demo):
    from shabaka.plans.models import ActionPlan

    return _first(ActionPlan.objects.filter(network=demo.objects["tripoli"]))


def _plan_child(model_path, demo):
    from django.apps import apps

    return _first(apps.get_model(model_path).objects.filter(plan=_plan(demo)))


def _indicator(demo):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from shabaka.plans.models import Activity, Indicator, Objective

    plan = _plan(demo)
    return _first(
        Indicator.objects.filter(
            Q(
                owner_type=ContentType.objects.get_for_model(Objective),
                owner_id__in=plan.objectives.values("pk"),
            )
            | Q(
                owner_type=ContentType.objects.get_for_model(Activity),
                owner_id__in=plan.activities.values("pk"),
            )
        )
    )


def _values(demo, segment: str, kwarg: str, route: str):
    """Variants for one URL argument: list of (label, value, roles that may see the record)."""
    from shabaka.content.models import NewsItem
    from shabaka.dialogues.models import (
        Delegation,
        Dialogue,
        DialogueMeeting,
        FocalPointAppointment,
        Framework,
        PartnerState,
    )
    from shabaka.directory.models import Person
    from shabaka.events.models import Invitation, Nomination
    from shabaka.networks.models import CodeOfConduct, CodeVersion, Membership
    from shabaka.projects.models import Project

    o = demo.objects
    table = {
        ("organisations", "pk"): [
            ("public", o["public_org"].pk, None),
            ("members-only", o["members_org"].pk, o["members_org_roles"]),
            ("staff-only", o["staff_org"].pk, frozenset({"staff", "admin"})),
        ],
        ("organisations", "token"): [("unknown", uuid.uuid4(), None)],
        ("people", "pk"): [("person", _first(Person.objects.filter(is_public=False)).pk, None)],
        ("networks", "slug"): [("tripoli", o["tripoli"].slug, None)],
        ("memberships", "pk"): [
            ("tripoli", _first(Membership.objects.filter(network=o["tripoli"])).pk, None)
        ],
        ("codes", "pk"): [("code", _first(CodeOfConduct.objects.all()).pk, None)],
        ("code-versions", "pk"): [("version", _first(CodeVersion.objects.all()).pk, None)],
        ("documents", "public_id"): [
            ("public", o["public_doc"].public_id, None),
            ("members-only", o["members_doc"].public_id, o["members_doc_roles"]),
            ("staff-only", o["staff_doc"].public_id, frozenset({"staff", "admin"})),
        ],
        ("news", "slug"): [("news", _first(NewsItem.objects.all()).slug, None)],
        ("news", "project"): [("project", _first(Project.objects.all()).slug, None)],
        ("plans", "slug"): [("tripoli", o["tripoli"].slug, None)],
        ("plans", "pk"): [("tripoli", _plan(demo).pk, None)],
        ("plans", "number"): [("1", 1, None)],
        ("plans", "objective_id"): [("objective", _plan_child("plans.Objective", demo).pk, None)],
        ("plans", "activity_id"): [("activity", _plan_child("plans.Activity", demo).pk, None)],
        ("plans", "indicator_id"): [("indicator", _indicator(demo).pk, None)],
        ("plans", "update_id"): [("update", _first(_indicator(demo).updates.all()).pk, None)],
        ("plans", "adaptation_id"): [
            ("adaptation", _plan_child("plans.Adaptation", demo).pk, None)
        ],
        ("events", "slug"): [("tripoli-workshop", "tripoli-workshop-2021-01", None)],
        ("events", "token"): [("bad-token", "not-a-valid-token", None)],
        ("events", "step"): [("confirm", "confirm", None)],
        ("events", "pk"): [
            (
                "nomination" if "nominations" in route else "invitation",
                _first(
                    Nomination.objects.all() if "nominations" in route else Invitation.objects
                ).pk,
                None,
            )
        ],
        ("dialogues", "slug"): [("dialogue", _first(Dialogue.objects.all()).slug, None)],
        ("dialogues", "code"): [("LY", "LY", None)],
        ("dialogues", "pk"): [
            (
                "record",
                _first(
                    PartnerState.objects.all()
                    if "partners" in route
                    else Delegation.objects.all()
                    if "delegations" in route
                    else FocalPointAppointment.objects.all()
                ).pk,
                None,
            )
        ],
        ("dialogues", "event_slug"): [
            (
                "meeting",
                _first(
                    DialogueMeeting.objects.filter(dialogue=_first(Dialogue.objects.all()))
                ).event.slug,
                None,
            )
        ],
        ("dashboards", "slug"): [
            (
                "record",
                o["tripoli"].slug
                if "networks" in route
                else "simm-libya"
                if "projects" in route
                else _first(Dialogue.objects.all()).slug,
                None,
            )
        ],
        ("dashboards", "code"): [("LY", "LY", None)],
        ("reports", "slug"): [("simm-libya", "simm-libya", None)],
        ("exports", "key"): [("organisations", "organisations", None)],
        ("exports", "fmt"): [("csv", "csv", None), ("xlsx", "xlsx", None)],
        ("exports", "slug"): [("tripoli", o["tripoli"].slug, None)],
        ("dialogues", "action"): [("observer", "observer", None)],
        ("frameworks", "code"): [("framework", _first(Framework.objects.all()).code, None)],
        ("frameworks", "key"): [("projects", "projects", None)],
        ("frameworks", "pk"): [("project", _first(Project.objects.all()).pk, None)],
        ("projects", "slug"): [("simm-libya", "simm-libya", None)],
        ("projects", "step"): [("suspend", "suspend", None)],
        ("accounts", "pk"): [("viewer", demo.users["viewer"].pk, None)],
        ("jobs", "pk"): [
            ("coordinator's", _job(demo).pk, frozenset({"coordinator", "staff", "admin"}))
        ],
        ("accounts", "uidb64"): [("junk", "MQ", None)],
        ("accounts", "token"): [("junk", "bad-token", None)],
    }
    key = (segment, kwarg)
    assert key in table, (
        f"URL argument {kwarg!r} of {segment}/… has no demo value: add a row to KWARGS in "
        "tests/security/routes.py"
    )
    return table[key]


def _job(demo):
    """A finished job of the coordinator's (its owner and staff may see it)."""
    from shabaka.jobs.models import Job, JobStatus

    job, _created = Job.objects.get_or_create(
        title="Coordinator's export",
        defaults={"kind": "reports.list_export", "owner": demo.users["coordinator"]},
        status=JobStatus.SUCCEEDED,
    )
    return job


def targets(route: Route, demo) -> list[Target]:
    """The URLs to request for one route: one per variant of its first varying argument."""
    if not route.kwargs:
        return [Target(reverse(route.name), "-")]
    options = {k: _values(demo, route.segment, k, route.route) for k in route.kwargs}
    base = {k: v[0] for k, v in options.items()}
    combos = [base]
    for k, v in options.items():
        for alt in v[1:]:
            combos.append({**base, k: alt})
    out = []
    for combo in combos:
        kwargs = {k: value for k, (_label, value, _roles) in combo.items()}
        roles = [r for _l, _v, r in combo.values() if r is not None]
        label = "/".join(str(label) for label, _v, _r in combo.values())
        out.append(
            Target(
                reverse(route.name, kwargs=kwargs),
                label,
                frozenset.intersection(*roles) if roles else None,
            )
        )
    return out


LOGIN_REDIRECT = re.compile(r"/accounts/sign-in/\?next=")
