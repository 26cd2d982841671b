"""The SLA's one domain error, shared by its services and the checks they call."""


class SlaError(Exception):
    """An SLA action that cannot go ahead, with a reason a person can read and the field it is about."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field
