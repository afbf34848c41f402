"""The one base of the refusals services raise: a reason in the user's words, nothing changed."""


class DomainError(ValueError):
    """A user-facing reason why a service refused; the view shows it and rolls back."""
