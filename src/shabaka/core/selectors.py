import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Apps add blocks to the home page by naming a selector here: f(viewer) -> dict for the template.
HOME_SECTIONS: list[str] = []


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


def home_page(*, viewer) -> dict:
    sections = {}
    for dotted in getattr(settings, "SHABAKA_HOME_SECTIONS", HOME_SECTIONS):
        sections.update(import_string(dotted)(viewer=viewer))
    return {"sections": sections}
