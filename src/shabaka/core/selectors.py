import functools
import importlib
import importlib.util
import logging
from collections import defaultdict

from django.apps import apps
from django.db import DatabaseError, connections
from django.utils.translation import get_language

logger = logging.getLogger(__name__)


def reader_language() -> str:
    """The active language's two letters ("en" outside a request): which name_<language>
    column a reader sees."""
    return (get_language() or "en")[:2]


def database_status(alias: str = "default") -> str:
    """ "ok" when the database answers a query, "unavailable" otherwise."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("database %s unavailable: %s", alias, exc)
        return "unavailable"
    return "ok"


@functools.cache
def app_modules(module_name: str) -> tuple:
    """The installed Shabaka apps' modules called `module_name` ("home", "project_sections",
    "network_page": the blocks apps add to other apps' pages), found once per process: looking
    for a module that does not exist asks the file system, on every page view."""
    modules = []
    for app in apps.get_app_configs():
        name = f"{app.name}.{module_name}"
        if app.name.startswith("shabaka.") and importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    return tuple(modules)


def localised_name_column(path: str = "") -> str:
    """The column holding a record's name in the reader's language (name_en, name_ar, name_fr;
    `name` for any other language), through `path` (e.g. "place__"). Read beside `name`, the
    fallback when it is empty, as TranslatedNameMixin.localised_name does."""
    language = reader_language()
    return f"{path}name_{language}" if language in ("en", "ar", "fr") else f"{path}name"


def home_sections(*, viewer) -> list[dict]:
    """Blocks of the home page. An app adds one with a `home.py` module whose
    `home_section(viewer=...)` returns {"template": ..., **context} or None."""
    sections = []
    for module in app_modules("home"):
        section = module.home_section(viewer=viewer)
        if section:
            sections.append(section)
    return sections


def home_page(*, viewer) -> dict:
    return {"sections": home_sections(viewer=viewer)}


def group_rows(rows) -> dict:
    """{first value of a row: [the rest of the row as a tuple, ...]}: the related names of a
    page's rows, read as tuples (see grouped_values)."""
    grouped = {}
    for key, *values in rows:
        grouped.setdefault(key, []).append(tuple(values))
    return grouped


def grouped_values(queryset, key: str, *fields: str) -> defaultdict:
    """{key value: [value, ...]} (a tuple per row when several fields are asked), read with one
    values_list: the way to show a page's related names without prefetch_related, whose model
    instance and queryset clone per parent and per related row cost more than the page."""
    grouped = defaultdict(list)
    if len(fields) == 1:
        for parent, value in queryset.values_list(key, *fields):
            grouped[parent].append(value)
    else:
        grouped.update(group_rows(queryset.values_list(key, *fields)))
    return grouped
