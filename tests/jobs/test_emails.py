"""The email outbox: an email is written with the change it tells about (none when that change
rolls back), sent by the worker, tried again later when the mail server refuses, and given up
after EMAIL_MAX_ATTEMPTS."""

import socket

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from shabaka.jobs.mail import send_templated_email
from shabaka.jobs.models import EmailStatus, OutgoingEmail
from shabaka.jobs.services import email_send

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queue(**extra):
    return send_templated_email(
        recipient="nominee@example.org",
        language=extra.get("language", "fr"),
        subject=lambda: "Subject",
        template="accounts/email/password_reset_subject.txt",
        context={},
    )


def test_an_email_is_rendered_in_the_recipients_language_and_sent_by_the_worker(run_worker):
    email = queue(language="fr")
    assert mail.outbox == []
    run_worker()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 1
    assert mail.outbox[0].to == ["nominee@example.org"]
    assert "mot de passe" in mail.outbox[0].body  # the French subject template, as the body


def test_no_email_when_the_change_rolls_back(run_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change fails")
    run_worker()
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_a_refused_email_is_tried_again_later_then_given_up(settings, run_worker):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_MAX_ATTEMPTS = 2
    email = queue()
    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at > timezone.now()
    # The next attempt waits on the queue until it is due.
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == email.next_attempt_at
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert email_send(email.pk) == EmailStatus.FAILED
    email.refresh_from_db()
    assert email.attempts == 2


def test_a_sent_email_is_not_sent_twice(run_worker):
    email = queue()
    run_worker()
    assert email_send(email.pk) == EmailStatus.SENT
    assert len(mail.outbox) == 1
