import importlib
import importlib.util
import logging

from django.apps import apps
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)


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


def home_sections(*, viewer) -> list[dict]:
    """Blocks of the home page. An app adds one with a `home.py` module whose
    `home_section(viewer=...)` returns {"template": ..., **context} or None."""
    sections = []
    for app in apps.get_app_configs():
        name = f"{app.name}.home"
        if not app.name.startswith("shabaka.") or importlib.util.find_spec(name) is None:
            continue
        section = importlib.import_module(name).home_section(viewer=viewer)
        if section:
            sections.append(section)
    return sections


def home_page(*, viewer) -> dict:
    return {"sections": home_sections(viewer=viewer)}
