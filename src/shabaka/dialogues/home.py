"""The dialogues block of the home page: the dialogues and a link to the framework follow-up."""

from shabaka.core.prepared import prepared_read
from shabaka.dialogues.models import Dialogue


@prepared_read
def _first_dialogues():
    return Dialogue.objects.order_by("short_name")[:6]


def home_section(*, viewer) -> dict | None:
    dialogues = _first_dialogues()
    if not dialogues:
        return None
    return {"template": "dialogues/partials/home.html", "dialogues": dialogues}
