"""The console log: a refused page is one line, not two tracebacks."""

import io
import logging

import pytest
from django.urls import reverse


@pytest.fixture
def console():
    """What the portal's configured console handlers write (settings.LOGGING), read from a buffer."""
    buffer = io.StringIO()
    handlers = [
        handler
        for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
        for handler in getattr(logger, "handlers", [])
        if type(handler) is logging.StreamHandler
    ]
    assert handlers
    streams = [handler.setStream(buffer) for handler in handlers]
    yield buffer
    for handler, stream in zip(handlers, streams, strict=True):
        handler.setStream(stream)


def test_a_refused_page_logs_one_line_with_its_reason(client, finance, settings, console):
    settings.DEBUG = True  # as under `make run`, where Django's own console handler joins in
    client.force_login(finance)
    assert client.get(reverse("hub:staff-list")).status_code == 403
    log = console.getvalue()
    assert "Traceback" not in log
    assert log.splitlines() == [
        "Forbidden (Permission denied): /staff/people/ (Your account does not have the role this page needs.)"
    ]
