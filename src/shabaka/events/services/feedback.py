"""Feedback from participants. Anonymous: the audit entry names no respondent and no actor,
and only platform administrators can see which participant gave which answer."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_record
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import Refused
from shabaka.events.models import RATING_QUESTIONS, Feedback, Participation


@transaction.atomic
def feedback_submit(
    *, participation: Participation, ratings: dict[str, int], comment: str = ""
) -> Feedback:
    participation = Participation.objects.select_related("event").get(pk=participation.pk)
    event = participation.event
    if event.starts_at > timezone.now():
        raise Refused(_("Feedback opens once the event has started."))
    if not participation.attendances.exists():
        raise Refused(_("Only participants who attended can give feedback."))
    values = {}
    for field, question in RATING_QUESTIONS:
        try:
            value = int(ratings.get(field))
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise Refused(
                _("Answer “%(question)s” with a rating from 1 to 5.") % {"question": question},
                field=field,
            )
        values[field] = value
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                event=event, respondent=participation, comment=comment.strip(), **values
            )
    except IntegrityError:
        raise Refused(_("You have already given your feedback on this event.")) from None
    # No actor and no respondent in the log: the audit log is read by staff.
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=feedback,
        changes={name: [None, value] for name, value in values.items()},
        reason="anonymous feedback",
    )
    return feedback
