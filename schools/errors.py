"""The schools app's domain errors, each with a message a person can read."""


class SchoolsError(Exception):
    """A schools action that cannot go ahead, with a reason a person can read."""


class SlaError(Exception):
    """An SLA action that cannot go ahead, with a reason a person can read and the field it is about."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class InvoicingError(Exception):
    """An SLA invoicing step that cannot go ahead, with a reason a person can read."""


class RemissionError(Exception):
    """A remission application or decision that cannot go ahead, with a reason and the field it is about."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field
