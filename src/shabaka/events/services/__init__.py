"""Writes on events. Callers check permissions (events.rules) first; every write is audited."""

from shabaka.events.services.events import (
    EDITABLE_FIELDS,
    event_add_material,
    event_add_session,
    event_cancel,
    event_confirm,
    event_create,
    event_mark_held,
    event_open_nominations,
    event_update,
)
from shabaka.events.services.feedback import feedback_submit
from shabaka.events.services.nominations import (
    invitation_create,
    nomination_accept_by_token,
    nomination_confirm,
    nomination_create,
    nomination_decline,
    nomination_for_token,
    nomination_nominate,
    nomination_propose,
    nomination_token_make,
    nomination_withdraw,
    nomination_withdraw_by_token,
)
from shabaka.events.services.participation import (
    attendance_clear,
    attendance_record,
    participation_add,
    participation_set_role,
)

__all__ = [
    "EDITABLE_FIELDS",
    "attendance_clear",
    "attendance_record",
    "event_add_material",
    "event_add_session",
    "event_cancel",
    "event_confirm",
    "event_create",
    "event_mark_held",
    "event_open_nominations",
    "event_update",
    "feedback_submit",
    "invitation_create",
    "nomination_accept_by_token",
    "nomination_confirm",
    "nomination_create",
    "nomination_decline",
    "nomination_for_token",
    "nomination_nominate",
    "nomination_propose",
    "nomination_token_make",
    "nomination_withdraw",
    "nomination_withdraw_by_token",
    "participation_add",
    "participation_set_role",
]
