"""Data minimisation: the personal data of people who only took part in events that ended more
than PARTICIPANT_RETENTION_DAYS ago is anonymised, keeping every count.

A person is kept as they are when they are linked to a user account, hold a current role (an
appointment as focal point not ended), or take part in (or are nominated to) an event that is
more recent than the retention period. Otherwise their name becomes "Anonymised participant",
their email, phone, position and languages are cleared, and consent to be named is withdrawn;
gender and organisation stay, so the figures by gender and by organisation do not change. The
values also leave the audit log (earlier entries about the person have them replaced), and the
anonymisation itself is audited without them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

ANONYMISED_NAME = "Anonymised participant"
REMOVED = "(removed)"
# What is cleared; gender and organisation are kept for the counts.
CLEARED = {"full_name": ANONYMISED_NAME, "email": "", "phone": "", "position": "", "languages": ""}


@dataclass
class RetentionReport:
    cutoff: object
    dry_run: bool
    anonymised: list[int] = field(default_factory=list)
    kept_linked_to_user: int = 0
    kept_current_role: int = 0
    kept_recent_event: int = 0

    def lines(self) -> list[str]:
        verb = "would be anonymised" if self.dry_run else "anonymised"
        return [
            f"Events that ended before {self.cutoff:%Y-%m-%d}: their participants' data is due.",
            f"{len(self.anonymised)} person(s) {verb}.",
            f"Kept: {self.kept_linked_to_user} linked to a user account, "
            f"{self.kept_current_role} with a current role, "
            f"{self.kept_recent_event} with a more recent event.",
        ]


def retention_cutoff(now=None):
    days = settings.PARTICIPANT_RETENTION_DAYS
    return (now or timezone.now()) - timedelta(days=days)


def _candidates(cutoff):
    from shabaka.directory.models import Person
    from shabaka.events.models import Nomination, Participation

    past = Participation.objects.filter(person=OuterRef("pk"), event__ends_at__lt=cutoff)
    recent_participation = Participation.objects.filter(
        person=OuterRef("pk"), event__ends_at__gte=cutoff
    )
    recent_nomination = Nomination.objects.filter(person=OuterRef("pk"), event__ends_at__gte=cutoff)
    return (
        Person.objects.annotate(
            has_past=Exists(past),
            has_recent=Exists(recent_participation) | Exists(recent_nomination),
        )
        .filter(has_past=True)
        .exclude(full_name=ANONYMISED_NAME, email="", phone="")
    )


def _current_role_ids() -> set[int]:
    from shabaka.dialogues.models import AppointmentStatus, FocalPointAppointment

    return set(
        FocalPointAppointment.objects.filter(status=AppointmentStatus.APPOINTED).values_list(
            "person_id", flat=True
        )
    )


def _scrub_audit_log(person) -> None:
    """Earlier audit entries about the person keep their shape, not the values."""
    from shabaka.accounts.models import AuditEntry

    person_type = ContentType.objects.get_for_model(person, for_concrete_model=True)
    entries = AuditEntry.objects.filter(content_type=person_type, object_id=str(person.pk))
    for entry in entries:
        changes = dict(entry.changes)
        for key in CLEARED.keys() & changes.keys():
            if isinstance(changes[key], list):
                changes[key] = [REMOVED if v not in (None, "") else v for v in changes[key]]
        AuditEntry.objects.filter(pk=entry.pk).update(changes=changes, object_repr=ANONYMISED_NAME)


def anonymise_past_participants(*, dry_run: bool = False, by=None, now=None) -> RetentionReport:
    from shabaka.accounts.audit import audit_record
    from shabaka.accounts.models import AuditAction

    cutoff = retention_cutoff(now)
    report = RetentionReport(cutoff=cutoff, dry_run=dry_run)
    current_roles = _current_role_ids()
    with transaction.atomic():
        for person in _candidates(cutoff).order_by("pk").select_for_update():
            if person.user_id is not None:
                report.kept_linked_to_user += 1
                continue
            if person.pk in current_roles:
                report.kept_current_role += 1
                continue
            if person.has_recent:
                report.kept_recent_event += 1
                continue
            report.anonymised.append(person.pk)
            if dry_run:
                continue
            _scrub_audit_log(person)
            changed = [name for name, value in CLEARED.items() if getattr(person, name) != value]
            for name, value in CLEARED.items():
                setattr(person, name, value)
            person.is_public = False
            person.save(update_fields=[*CLEARED, "is_public", "updated_at"])
            audit_record(
                actor=by,
                action=AuditAction.UPDATE,
                obj=person,
                changes={name: [REMOVED, CLEARED[name]] for name in changed},
                reason=(
                    "Retention: took part only in events that ended before "
                    f"{cutoff:%Y-%m-%d} (PARTICIPANT_RETENTION_DAYS)"
                ),
            )
    return report
