"""What is searchable, how its text is read, and who may see it.

Each entry names a model, how to read its title and body, its URL, and the selector of its own
app that says which records a viewer may see. Results are filtered through that selector, so
search never decides visibility on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Searchable:
    label: str  # "app_label.ModelName"
    kind: str  # the type filter's value
    kind_label: str
    title: Callable[[models.Model], str]
    body: Callable[[models.Model], str]
    url: Callable[[models.Model], str]
    visible: Callable[[object], models.QuerySet]  # viewer -> records they may see
    language: Callable[[models.Model], str] = lambda obj: ""
    indexable: Callable[[models.Model], bool] = lambda obj: True
    # Records whose text is part of this entry's body: {"app.Model": record -> owners}. A save
    # or deletion of such a record re-indexes its owners (e.g. an objective re-indexes its plan).
    parts: dict = field(default_factory=dict)
    # Many-to-many fields whose linked names are part of the body (re-indexed when they change).
    m2m: tuple[str, ...] = ()

    @property
    def model(self):
        return apps.get_model(self.label)


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)


def _safe_reverse(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except Exception:  # the app's page may not exist yet; the record is still findable
        return ""


def _organisations(user):
    from shabaka.directory.selectors import organisations_visible_to

    return organisations_visible_to(user)


def _networks(user):
    from shabaka.networks.selectors import networks_visible_to

    return networks_visible_to(user)


def _projects(user):
    from shabaka.projects.selectors import projects_visible_to

    return projects_visible_to(user)


def _documents(user):
    from shabaka.content.selectors import documents_visible_to

    return documents_visible_to(user).filter(is_current=True)


def _events(user):
    from shabaka.events.selectors import events_visible_to

    return events_visible_to(user)


def _event_text(event) -> str:
    # Organisers are not indexed: an unlisted organisation's name must never reach search.
    place = event.place
    return _join(
        event.description,
        event.venue,
        place and _join(place.name, place.name_ar, place.name_fr, place.name_en),
        event.country_id and event.country.name,
    )


def _news(user):
    from shabaka.content.selectors import news_visible_to

    return news_visible_to(user)


def _news_text(news) -> str:
    topics = news.tags.all() if news.pk else []
    return _join(
        news.summary,
        strip_tags(news.body_html) if news.body_html else news.body,
        *(_join(t.name, t.name_ar, t.name_fr) for t in topics),
    )


def _dialogues(user):
    from shabaka.dialogues.models import Dialogue

    return Dialogue.objects.all()  # dialogues are public records


def _plans(user):
    from shabaka.plans.selectors import plans_visible_to

    return plans_visible_to(user)


def _plan_text(plan) -> str:
    # Objectives and activities by their titles only: leads and partners are organisations,
    # whose names search shows only through the directory's own entry.
    objectives = plan.objectives.order_by("order", "id").values_list("title", "description")
    activities = plan.activities.order_by("order", "id").values_list("title", "description")
    return _join(
        plan.summary,
        *(_join(t, d) for t, d in objectives),
        *(_join(t, d) for t, d in activities),
    )


def _document_text(document) -> str:
    from shabaka.search.extract import extract_text

    return _join(document.description, extract_text(document))


ENTRIES: list[Searchable] = [
    Searchable(
        label="directory.Organisation",
        kind="organisation",
        kind_label=_("Organisations"),
        title=lambda o: o.name + (f" ({o.acronym})" if o.acronym else ""),
        body=lambda o: _join(o.name_en, o.name_ar, o.name_fr, o.description),
        url=lambda o: _safe_reverse("directory:organisation_detail", o.pk),
        visible=_organisations,
        language=lambda o: o.name_language,
    ),
    Searchable(
        label="networks.Network",
        kind="network",
        kind_label=_("Networks"),
        title=lambda n: n.name + (f" ({n.acronym})" if n.acronym else ""),
        body=lambda n: _join(n.name_en, n.name_ar, n.name_fr, n.mission, n.area_description),
        url=lambda n: _safe_reverse("networks:network_detail", n.slug),
        visible=_networks,
    ),
    Searchable(
        label="projects.Project",
        kind="project",
        kind_label=_("Projects"),
        title=lambda p: str(p),
        body=lambda p: _join(p.description, p.iati_identifier),
        url=lambda p: _safe_reverse("projects:project_detail", p.slug),
        visible=_projects,
    ),
    Searchable(
        label="content.Document",
        kind="document",
        kind_label=_("Documents"),
        title=lambda d: d.title,
        body=_document_text,
        url=lambda d: reverse("content:document_download", args=[d.public_id]),
        visible=_documents,
        language=lambda d: d.language,
        indexable=lambda d: d.is_current,
    ),
    Searchable(
        label="events.Event",
        kind="event",
        kind_label=_("Events"),
        title=lambda e: e.title,
        body=_event_text,
        url=lambda e: _safe_reverse("events:event_detail", e.slug),
        visible=_events,
    ),
    Searchable(
        label="content.NewsItem",
        kind="news",
        kind_label=_("News"),
        title=lambda n: n.title,
        body=_news_text,
        url=lambda n: _safe_reverse("content:news_detail", n.slug),
        visible=_news,
        language=lambda n: n.language,
        m2m=("tags",),
    ),
    Searchable(
        label="dialogues.Dialogue",
        kind="dialogue",
        kind_label=_("Dialogues"),
        title=lambda d: d.name if d.short_name in d.name else f"{d.name} ({d.short_name})",
        body=lambda d: _join(d.short_name, d.scope, d.secretariat_arrangement),
        url=lambda d: _safe_reverse("dialogues:dialogue_detail", d.slug),
        visible=_dialogues,
    ),
    Searchable(
        label="plans.ActionPlan",
        kind="plan",
        kind_label=_("Action plans"),
        title=lambda p: p.title,
        body=_plan_text,
        url=lambda p: _safe_reverse("plans:plan_detail", p.pk),
        visible=_plans,
        parts={
            "plans.Objective": lambda o: [o.plan],
            "plans.Activity": lambda a: [a.plan],
        },
    ),
]


def register(entry: Searchable) -> None:
    """Adds a searchable model (apps call this from their AppConfig.ready or a search module)."""
    ENTRIES[:] = [e for e in ENTRIES if e.label != entry.label] + [entry]
    if apps.ready:
        from shabaka.search.signals import connect

        connect()


def installed_entries() -> list[Searchable]:
    out = []
    for entry in ENTRIES:
        app_label, model_name = entry.label.split(".")
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            continue
        out.append(entry)
    return out


def entry_for_model(model) -> Searchable | None:
    label = model._meta.label
    return next((e for e in installed_entries() if e.label == label), None)


def entry_for_kind(kind: str) -> Searchable | None:
    return next((e for e in installed_entries() if e.kind == kind), None)
