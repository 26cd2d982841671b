"""A family's side of the ledger: the guardian's account, and the card payments started on its invoices."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from hub.billing.models import BillingAccount, OnlinePayment
from hub.billing.services import ensure_account
from hub.models import Guardian


def family_reference(guardian: Guardian) -> str:
    """How the ledger knows the family that this guardian pays for (the billing run creates the account)."""
    return f"FAM-{guardian.pk}"


def ensure_family_account(guardian: Guardian) -> BillingAccount:
    """The guardian's family account, made at their first bill and kept in step with their details."""
    user = guardian.user
    return ensure_account(
        kind=BillingAccount.Kind.FAMILY,
        reference=family_reference(guardian),
        name=user.get_full_name().strip() or user.email,
        address="\n".join(guardian.billing_address_lines),
        email=user.email,
    )


def family_account_for(guardian: Guardian) -> BillingAccount | None:
    """The guardian's family account, or None before their first bill."""
    return BillingAccount.objects.filter(
        kind=BillingAccount.Kind.FAMILY, reference=family_reference(guardian)
    ).first()


def get_online_payment_for(guardian: Guardian, public_id: UUID) -> OnlinePayment:
    """A card payment started on one of the family's invoices, or 404 whatever the reason."""
    payment = (
        OnlinePayment.objects.select_related("invoice__series", "invoice__account", "payment")
        .filter(
            public_id=public_id,
            invoice__account__kind=BillingAccount.Kind.FAMILY,
            invoice__account__reference=family_reference(guardian),
        )
        .first()
    )
    if payment is None:
        raise Http404("No such payment.")
    return payment
