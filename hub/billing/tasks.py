"""Billing's Celery tasks: load by id, call a service, retry on transient faults. Nothing else."""

from celery import shared_task

from hub.billing import documents, online_payments


@shared_task(autoretry_for=(OSError,), retry_backoff=10, max_retries=5, soft_time_limit=120, time_limit=150)
def render_invoice_pdf(invoice_id: int) -> None:
    """Draw an issued invoice's or credit note's PDF and keep it; nothing to do when it is kept already."""
    documents.store_invoice_pdf(invoice_id=invoice_id)


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_invoice_pdfs() -> int:
    """Every minute: queue again the PDFs that no worker has stored (the broker was down, a worker died)."""
    return documents.queue_missing_pdfs()


@shared_task(soft_time_limit=240, time_limit=300)
def reconcile_online_payments() -> int:
    """Every two minutes: read from GOV.UK Pay the state of card payments whose parent never came back."""
    return online_payments.reconcile_online_payments()
