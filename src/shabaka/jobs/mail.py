"""Emails rendered in the recipient's language, with links to the site built from SITE_URL
(never from the request's Host header, which a visitor chooses), written to the outbox."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from shabaka.jobs.models import OutgoingEmail
from shabaka.jobs.services import email_queue


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_templated_email(
    *, recipient: str, language: str, subject, template: str, context: dict
) -> OutgoingEmail:
    """Renders `template` and the subject (a lazy translation, or a callable taking no
    arguments) in `language`, then queues the email inside the caller's transaction."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        rendered_subject = str(subject() if callable(subject) else subject)
        body = render_to_string(template, context)
    return email_queue(recipient=recipient, language=language, subject=rendered_subject, body=body)
