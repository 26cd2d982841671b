"""System checks of the hub's own settings, run by `manage.py check --deploy`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_public_https(app_configs, **kwargs):
    """Links in e-mails start with SITE_URL: on a server it must be the portal's https address."""
    url = urlsplit(settings.SITE_URL)
    if url.scheme == "https" and url.hostname not in ("127.0.0.1", "localhost"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}, so links in e-mails would not reach the portal.",
            hint="Set SITE_URL to the portal's public https:// address, e.g. https://portal.example.org.",
            id="hub.W001",
        )
    ]
