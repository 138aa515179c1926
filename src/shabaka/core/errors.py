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


class InvalidTransition(Refused):
    """A life-cycle step that is not allowed from the record's current state."""

    status_code = 409


class PermissionRefused(Refused):
    status_code = 403
