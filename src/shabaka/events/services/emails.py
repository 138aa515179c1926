"""Emails to nominees, written to the outbox with the step that triggers them."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from shabaka.jobs.mail import send_templated_email, site_url


def _subject(kind: str, event) -> str:
    if kind == "nominated":
        return _("You have been nominated for %(event)s") % {"event": event.title}
    if kind == "confirmed":
        return _("Your participation in %(event)s is confirmed") % {"event": event.title}
    return _("Your nomination for %(event)s was not retained") % {"event": event.title}


def notify_nominee(nomination, kind: str) -> None:
    """Puts the email in the outbox of the caller's transaction (sent once it commits, never if
    it rolls back), in the nominee's language, the link built from SITE_URL."""
    from shabaka.events.services.nominations import link_timeout, nomination_token_make

    person = nomination.person
    if not person.email:
        return
    language = person.user.preferred_language if person.user_id else settings.LANGUAGE_CODE
    token = nomination_token_make(nomination=nomination)
    link = site_url(reverse("events:nomination_respond", kwargs={"token": token}))
    send_templated_email(
        recipient=person.email,
        language=language,
        subject=lambda: _subject(kind, nomination.event),
        template=f"events/email/nomination_{kind}.txt",
        context={
            "nomination": nomination,
            "event": nomination.event,
            "person": person,
            "link": link,
            "days": link_timeout() // 86400,
            "kind": kind,
        },
    )
