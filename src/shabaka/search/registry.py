"""What is searchable, how its text is read, and who may see it.

Each entry names a model, how to read its title and body, its URL, and the selector of its own
app that says which records a viewer may see. Results are filtered through that selector, so
search never decides visibility on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.urls import reverse
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
