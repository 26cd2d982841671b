"""The one module that imports WeasyPrint: HTML templates under templates/pdf/ become PDF bytes."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to a PDF; call it outside database transactions and web requests where you can."""
    html = render_to_string(template, {"hub_name": settings.HUB_NAME, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(pdf_tags=True)
