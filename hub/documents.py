"""Documents rendered once by a worker and kept in a FileField: storing a rendering, serving a download.

A web request never renders a PDF: it serves the stored file, or says the document is being prepared.
"""

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

PREPARING = 202  # Accepted: the request is understood and the document is on its way


def is_stored(file: FieldFile) -> bool:
    """The row names a file and the file is there (a lost file counts as missing, so it is drawn again)."""
    return bool(file) and file.storage.exists(file.name)


def keep_rendering(
    instance: models.Model, field_name: str, *, filename: str, data: bytes, unchanged: dict | None = None
) -> bool:
    """Store a worker's rendering as the row's file; True when it was kept.

    It is thrown away when another worker stored one first, or when the row no longer matches `unchanged`
    (it changed while this one was drawing), so a slow worker never overwrites a newer document.
    """
    field = instance._meta.get_field(field_name)
    previous = getattr(instance, field_name).name or ""
    name = field.storage.save(field.generate_filename(instance, filename), ContentFile(data))
    kept = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, **{field_name: previous}, **(unchanged or {}))
        .update(**{field_name: name})
    )
    if not kept:
        field.storage.delete(name)
    elif previous and previous != name:
        field.storage.delete(previous)
    return bool(kept)


def download(
    request: HttpRequest,
    file: FieldFile,
    *,
    filename: str,
    title: str,
    prepare: Callable[[], object],
    back: tuple[str, str] | None = None,
) -> HttpResponse:
    """The stored file as an attachment; if it is not stored yet, a page saying so, and the render queued."""
    if is_stored(file):
        # A document is tens of kilobytes: read whole, so no file is left open whoever reads the response.
        with file.open("rb") as kept:
            response = HttpResponse(kept.read(), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        return response
    prepare()
    context = {"title": title, "back": back, "again": request.get_full_path()}
    return render(request, "hub/document_preparing.html", context, status=PREPARING)
