"""Intergovernmental migration dialogues, focal-point appointments, and the frameworks (JVAP,
GCM) that projects, activities and events are tagged with. One module per aggregate."""

from shabaka.dialogues.models.appointments import (
    AppointmentStatus,
    FocalPointAppointment,
    FocalPointFunction,
    HandoverItem,
    HandoverStep,
)
from shabaka.dialogues.models.dialogues import (
    Chairmanship,
    Dialogue,
    PartnerOrganisation,
    PartnerState,
    PartnerStateChange,
    PartnerStatus,
)
from shabaka.dialogues.models.frameworks import Framework, FrameworkItem, FrameworkTag
from shabaka.dialogues.models.meetings import (
    DelegateRole,
    Delegation,
    DelegationMember,
    DialogueMeeting,
)

__all__ = [
    "AppointmentStatus",
    "Chairmanship",
    "DelegateRole",
    "Delegation",
    "DelegationMember",
    "Dialogue",
    "DialogueMeeting",
    "FocalPointAppointment",
    "FocalPointFunction",
    "Framework",
    "FrameworkItem",
    "FrameworkTag",
    "HandoverItem",
    "HandoverStep",
    "PartnerOrganisation",
    "PartnerState",
    "PartnerStateChange",
    "PartnerStatus",
]
