"""Logging filters for the portal's console log."""

import logging

from django.core.exceptions import PermissionDenied


class OneLineForbidden(logging.Filter):
    """A refused request (403) is routine: one line with its reason, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, PermissionDenied):
            record.msg = f"{record.getMessage()} ({error or 'no reason given'})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
