"""Events: the event itself with its agenda, invitations and nominations, participation and
attendance, and feedback. One module per aggregate, re-exported here."""

from shabaka.events.models.event import (
    AgendaSession,
    Event,
    EventFormat,
    EventStatus,
    EventType,
)
from shabaka.events.models.feedback import RATING_QUESTIONS, Feedback
from shabaka.events.models.nominations import (
    SEAT_HOLDING_STATUSES,
    Invitation,
    Nomination,
    NominationStatus,
    NominationStep,
)
from shabaka.events.models.participation import (
    Attendance,
    AttendanceMode,
    Participation,
    ParticipationRole,
)

__all__ = [
    "RATING_QUESTIONS",
    "SEAT_HOLDING_STATUSES",
    "AgendaSession",
    "Attendance",
    "AttendanceMode",
    "Event",
    "EventFormat",
    "EventStatus",
    "EventType",
    "Feedback",
    "Invitation",
    "Nomination",
    "NominationStatus",
    "NominationStep",
    "Participation",
    "ParticipationRole",
]
