"""Errors of the ensembles app, with messages a person can read."""


class EnsemblesError(Exception):
    """An ensemble action that cannot go ahead, with a reason a person can read, and the field (of the form
    that asked for it) the reason is about, if one is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field
