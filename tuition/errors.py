"""Errors of the tuition app, with messages a person can read."""


class TuitionError(Exception):
    """A lesson action that cannot go ahead, with a reason a person can read."""
