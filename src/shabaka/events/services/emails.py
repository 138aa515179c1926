"""Emails to nominees, sent once the step that triggers them is committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def _subject(kind: str, event) -> str:
    if kind == "nominated":
        return _("You have been nominated for %(event)s") % {"event": event.title}
    if kind == "confirmed":
        return _("Your participation in %(event)s is confirmed") % {"event": event.title}
    return _("Your nomination for %(event)s was not retained") % {"event": event.title}


def _send(nomination_id: int, kind: str) -> None:
    from shabaka.events.models import Nomination
    from shabaka.events.services.nominations import link_timeout, nomination_token_make

    nomination = Nomination.objects.select_related("event", "person", "invitation").get(
        pk=nomination_id
    )
    person = nomination.person
    if not person.email:
        return
    language = person.user.preferred_language if person.user_id else "en"
    token = nomination_token_make(nomination=nomination)
    link = settings.SITE_URL.rstrip("/") + reverse(
        "events:nomination_respond", kwargs={"token": token}
    )
    with translation.override(language):
        context = {
            "nomination": nomination,
            "event": nomination.event,
            "person": person,
            "link": link,
            "days": link_timeout() // 86400,
            "kind": kind,
        }
        subject = _subject(kind, nomination.event)
        body = render_to_string(f"events/email/nomination_{kind}.txt", context)
    send_mail(subject, body, None, [person.email])


def notify_nominee(nomination, kind: str) -> None:
    nomination_id = nomination.pk
    transaction.on_commit(lambda: _send(nomination_id, kind))
