"""A school's invoices as its pages list them, read through billing's amounts as plain values."""

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from hub.billing import selectors as billing
from hub.billing.models import BillingAccount, Invoice


def invoice_rows(account: BillingAccount | None) -> QuerySet:
    """The account's invoices and credit notes, newest first, as rows of plain values with their amounts
    and status ({% school_invoice_rows %} and {% latest_invoice_rows %} write them): a list of fifty was fifty
    invoices, their series and the credited invoices' series as models, each public id a UUID parsed only to
    be written out again. None for no account yet (a school before its first invoice)."""
    if account is None:
        return Invoice.objects.none()
    return (
        billing.invoices_for_account(account)
        .annotate(link_id=Cast("public_id", output_field=CharField()))
        .values_list(
            "link_id", "series__code", "number", "kind", "title", "issue_date", "due_date", "total",
            "outstanding", "status", named=True,
        )
    )  # fmt: skip
