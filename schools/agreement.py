"""The SLA agreement a school accepts: what it shows, and its PDF, drawn once by a worker and kept.

The PDF is stored when the order is submitted and again when finance approves it (the agreement then
records the approval). Amendments do not change it: they are invoiced, or credited, on their own.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hub.documents import download, is_stored, keep_rendering
from hub.pdf import render_pdf
from hub.queue import send_to_worker
from schools.models import Subscription
from schools.pricing import instalment_plan, subscription_totals

RENDER_TASK = "schools.tasks.render_agreement_pdf"
AGREED = (Subscription.Status.SUBMITTED, Subscription.Status.APPROVED)
SWEEP_AFTER = datetime.timedelta(minutes=2)
SWEEP_BATCH = 100


def agreement_context(subscription: Subscription) -> dict:
    """The agreement as the order pages and the PDF show it."""
    agreed = subscription_totals(subscription, amendment=0)
    return {
        "subscription": subscription,
        "school": subscription.school,
        "year": subscription.catalogue.financial_year,
        "catalogue": subscription.catalogue,
        "items": list(subscription.package.items.select_related("service"))
        if subscription.package_id
        else [],
        "agreed": agreed,
        "instalments": instalment_plan(agreed, subscription.instalments),
        "totals": subscription_totals(subscription),
    }


def agreement_filename(subscription: Subscription) -> str:
    return f"SLA-{subscription.catalogue.financial_year}-{subscription.school.urn}.pdf"


def agreement_pdf(subscription: Subscription) -> bytes:
    """The agreement as an A4 PDF; call it in a worker."""
    context = agreement_context(subscription) | {
        "hub_address": settings.HUB_ADDRESS,
        "printed_at": timezone.now(),
    }
    return render_pdf("pdf/agreement.html", context)


def store_agreement_pdf(*, subscription_id: int) -> bool:
    """Draw the order's agreement and keep it, unless it is kept already or the order has none (a draft).

    Safe to run twice; a rendering of an order that was decided or resubmitted meanwhile is thrown away.
    """
    subscription = Subscription.objects.select_related("school", "catalogue__financial_year", "package").get(
        pk=subscription_id
    )
    if subscription.status not in AGREED or is_stored(subscription.agreement_pdf):
        return False
    as_drawn = {
        "status": subscription.status,
        "submitted_at": subscription.submitted_at,
        "decided_at": subscription.decided_at,
    }
    data = agreement_pdf(subscription)
    return keep_rendering(
        subscription,
        "agreement_pdf",
        filename=agreement_filename(subscription),
        data=data,
        unchanged=as_drawn,
    )


def renew_agreement(subscription: Subscription) -> None:
    """The order was submitted or decided: forget the kept agreement and have a worker draw it again.

    Call inside the service's transaction, before it saves the order.
    """
    old = subscription.agreement_pdf.name
    subscription.agreement_pdf = ""
    storage = subscription.agreement_pdf.storage

    def after_commit():
        if old:
            storage.delete(old)
        send_to_worker(RENDER_TASK, subscription.pk)

    transaction.on_commit(after_commit)


def queue_missing_pdfs() -> int:
    """For beat: queue the agreements of orders submitted or decided a while ago that nobody has stored."""
    before = timezone.now() - SWEEP_AFTER
    waiting = Subscription.objects.filter(
        Q(decided_at__lt=before) | Q(decided_at__isnull=True, submitted_at__lt=before),
        status__in=AGREED,
        agreement_pdf="",
    ).order_by("submitted_at")
    return sum(send_to_worker(RENDER_TASK, pk) for pk in waiting.values_list("pk", flat=True)[:SWEEP_BATCH])


def agreement_response(request: HttpRequest, subscription: Subscription, *, back: str) -> HttpResponse:
    """The kept agreement as a download; never drawn in the request. A draft has none yet: say so."""
    if subscription.status not in AGREED:
        context = {"subscription": subscription, "year": subscription.catalogue.financial_year, "back": back}
        return render(request, "schools/sla/agreement_not_yet.html", context)
    return download(
        request,
        subscription.agreement_pdf,
        filename=agreement_filename(subscription),
        title=f"The SLA agreement {subscription.catalogue.financial_year}",
        prepare=lambda: transaction.on_commit(lambda: send_to_worker(RENDER_TASK, subscription.pk)),
        back=(back, "Back to the order"),
    )
