"""The dialogues block of the home page: the dialogues and a link to the framework follow-up."""

from shabaka.dialogues.models import Dialogue


def home_section(*, viewer) -> dict | None:
    dialogues = list(Dialogue.objects.order_by("short_name")[:6])
    if not dialogues:
        return None
    return {"template": "dialogues/partials/home.html", "dialogues": dialogues}
