"""Errors shared by every app's services."""


class DomainError(Exception):
    """A business rule refused the change; the message is shown to the user as is."""


class IllegalTransition(DomainError):
    def __init__(self, obj: object, current: str, wanted: str) -> None:
        super().__init__(f"{obj} cannot go from {current} to {wanted}")
        self.current, self.wanted = current, wanted


class NotAllowed(DomainError):
    """The acting user's role does not allow this change."""
