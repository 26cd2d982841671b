"""Refuse a request whose body is larger than its path allows, before any of it is read. Otherwise Django
reads it first (the CSRF check parses the form, and an upload is written to a temporary file), so an anonymous
POST of 2 GB fills the disk before any view can refuse it. nginx's client_max_body_size says the same."""

from django.conf import settings
from django.shortcuts import render

MB = 1024 * 1024


def limit_for(path: str) -> int:
    """The largest body, in bytes, that a request to this path may send: the longest matching prefix wins."""
    prefixes = [prefix for prefix in settings.REQUEST_MAX_MB_BY_PATH if path.startswith(prefix)]
    if not prefixes:
        return settings.REQUEST_MAX_MB * MB
    return settings.REQUEST_MAX_MB_BY_PATH[max(prefixes, key=len)] * MB


def content_length(request) -> int:
    """The body's declared size; Django reads no body at all when it is missing or not a number."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """Answer 413 with a readable page when the declared body is over the path's limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = limit_for(request.path_info)
        sent = content_length(request)
        if sent > limit:
            sent_mb = f"{sent / MB:,.0f}" if sent >= 10 * MB else f"{sent / MB:.1f}"
            context = {"limit_mb": limit // MB, "sent_mb": sent_mb}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)
