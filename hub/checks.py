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


@register(Tags.security, deploy=True)
def govuk_pay_is_https(app_configs, **kwargs):
    """With card payments on, the API key travels to GOV.UK Pay and parents are sent to its card pages."""
    if not settings.GOVUK_PAY_API_KEY:
        return []
    plain = [
        name
        for name in ("GOVUK_PAY_BASE_URL", "GOVUK_PAY_CARD_ORIGIN")
        if urlsplit(getattr(settings, name)).scheme != "https"
    ]
    return [
        Warning(
            f"{name} is {getattr(settings, name)!r}: GOV.UK Pay is reached over https only.",
            hint="Leave it unset for GOV.UK Pay's own address, or give an https:// one.",
            id="hub.W002",
        )
        for name in plain
    ]
