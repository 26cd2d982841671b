"""A family's side of the ledger: the guardian's account, and the card payments started on its invoices."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.http import Http404

from hub.billing.models import BillingAccount, OnlinePayment
from hub.models import Guardian


def family_reference(guardian: Guardian) -> str:
    """How the ledger knows the family that this guardian pays for (the billing run creates the account)."""
    return f"FAM-{guardian.pk}"


@transaction.atomic
def ensure_family_accounts(guardians: Iterable[Guardian]) -> dict[int, BillingAccount]:
    """Each guardian's family account, by guardian id: made at their first bill and kept in step with their
    name, address and e-mail, in a few statements for a run's hundred bills at a time."""
    details = {family_reference(guardian): (guardian.pk, _details(guardian)) for guardian in guardians}
    BillingAccount.objects.bulk_create(
        (
            BillingAccount(kind=BillingAccount.Kind.FAMILY, reference=reference, **fields)
            for reference, (_, fields) in details.items()
        ),
        ignore_conflicts=True,
    )
    accounts = {
        a.reference: a for a in BillingAccount.objects.select_for_update().filter(reference__in=details)
    }
    changed = []
    for reference, (_, fields) in details.items():
        account = accounts[reference]
        if any(getattr(account, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(account, name, value)
            changed.append(account)
    BillingAccount.objects.bulk_update(changed, ["name", "address", "email"])
    return {guardian_id: accounts[reference] for reference, (guardian_id, _) in details.items()}


def ensure_family_account(guardian: Guardian) -> BillingAccount:
    """The guardian's family account, made at their first bill and kept in step with their details."""
    return ensure_family_accounts([guardian])[guardian.pk]


def _details(guardian: Guardian) -> dict[str, str]:
    user = guardian.user
    return {
        "name": user.get_full_name().strip() or user.email,
        "address": "\n".join(guardian.billing_address_lines),
        "email": user.email,
    }


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
