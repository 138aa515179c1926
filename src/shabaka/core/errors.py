"""Domain errors raised by services; views turn them into form errors, the API into 4xx."""


class Refused(Exception):
    """A use case was refused for a reason the user can read and act on."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class Conflict(Refused):
    """Refused because of the record's current state (a full invitation, a step already
    taken): the API answers 409."""

    status_code = 409


class InvalidTransition(Conflict):
    """A life-cycle step that is not allowed from the record's current state."""


class PermissionRefused(Refused):
    status_code = 403
