"""The demo SLA year under way: invoices and payments, a tutor's delivery, and next year's catalogue open.

Everything goes through the real services, so the ledger, the audit trail and the delivery log are the ones
the portal itself would have written. Seeded invoices are not e-mailed: they are history, the schools'
addresses are made up, and hundreds of e-mails would bury the console of `make run`.
"""

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal

from hub.billing.models import Invoice, Payment
from hub.billing.payments import record_payment
from hub.dev.demo.scale import SEED
from hub.models import FinancialYear, User
from hub.money import round_money
from schools.models import Catalogue, Subscription
from schools.selectors.delivery import usage_for
from schools.services import catalogue as catalogue_services
from schools.services import delivery as delivery_services
from schools.services.invoicing import invoice_for_instalment

# How schools stand on instalment 1, with weights: paid in full, part-paid, or not paid at all.
PAID, PART_PAID, UNPAID = "paid", "part-paid", "unpaid"
PAYMENT_STATES = ((PAID, 55), (PART_PAID, 15), (UNPAID, 30))
METHODS = (Payment.Method.BACS, Payment.Method.BACS, Payment.Method.BACS, Payment.Method.CHEQUE)
NEXT_YEAR_UPLIFT = Decimal("3.0")
ON_TIME_SHARE = 0.8  # the share of orders invoiced on time, at the start of the year


def invoice_first_instalments(
    *,
    subscriptions: Sequence[Subscription],
    today: datetime.date,
    by: User,
    demo_school_id: int | None,
    seed: int = SEED,
) -> list[Invoice]:
    """Instalment 1 of each approved order, issued early in the year, then paid, part-paid or left owing.

    The demo school's invoice is part-paid, so its contact sees a payment and a balance still to pay.
    """
    rng = random.Random(f"{seed}:sla:invoices")
    # The first schools take one state each, so that even the small hub shows all three.
    states = [PAID, UNPAID, PART_PAID]
    invoices = []
    for index, subscription in enumerate(sorted(subscriptions, key=lambda s: s.school.urn)):
        year = subscription.catalogue.financial_year
        issue_date = min(today, year.starts_on + datetime.timedelta(days=_days_into_year(rng, year, today)))
        invoice = invoice_for_instalment(
            subscription=subscription, instalment=1, by=by, issue_date=issue_date, notify=False
        )
        state = rng.choices([s for s, _ in PAYMENT_STATES], weights=[w for _, w in PAYMENT_STATES])[0]
        if index < len(states):
            state = states[index]
        if subscription.school_id == demo_school_id:
            state = PART_PAID
        _pay(invoice=invoice, state=state, today=today, by=by, rng=rng)
        invoices.append(invoice)
    return invoices


def _days_into_year(rng: random.Random, year: FinancialYear, today: datetime.date) -> int:
    """Most orders are invoiced in the first fortnight; a few late ones (new academies, corrections) since."""
    so_far = max(0, (min(today, year.ends_on) - year.starts_on).days)
    return rng.randint(0, min(14, so_far)) if rng.random() < ON_TIME_SHARE else rng.randint(0, so_far)


def _pay(*, invoice: Invoice, state: str, today: datetime.date, by: User, rng: random.Random) -> None:
    if state == UNPAID or invoice.total <= 0:
        return
    amount = invoice.total
    if state == PART_PAID:
        amount = round_money(invoice.total * Decimal(rng.choice([25, 40, 50, 60])) / 100)
    latest = min(today, invoice.due_date + datetime.timedelta(days=20))
    received_on = invoice.issue_date + datetime.timedelta(
        days=rng.randint(0, max(0, (latest - invoice.issue_date).days))
    )
    record_payment(
        invoice=invoice,
        amount=amount,
        received_on=received_on,
        method=rng.choice(METHODS),
        reference=f"{invoice.account_reference}/{invoice.number}",
        by=by,
    )


def record_tutor_delivery(
    *, subscriptions: Sequence[Subscription], tutor: User, today: datetime.date, seed: int = SEED
) -> int:
    """What the tutor has delivered so far this year at their schools (each order given); returns how many."""
    rng = random.Random(f"{seed}:sla:delivery")
    recorded = 0
    for subscription in subscriptions:
        year = subscription.catalogue.financial_year
        days = (min(today, year.ends_on) - year.starts_on).days
        if days < 0:
            continue
        for row in usage_for(subscription):
            service = row.service
            # Part of what was bought, never more: the contact and the tutor see some still to deliver.
            left = max(Decimal(1), (row.bought / 2).to_integral_value()) - row.delivered
            for _ in range(rng.randint(1, 3)):
                quantity = Decimal(rng.choice([1, 1, 2]) if service.unit == service.Unit.HOUR else 1)
                if row.bought <= 0 or quantity > left:
                    break
                left -= quantity
                class_teaching = service.is_class_teaching
                class_name = rng.choice(["Year 3 Oak", "Year 4 Ash", "Year 5 Elm"]) if class_teaching else ""
                delivery_services.record_delivery(
                    subscription=subscription,
                    service=service,
                    delivered_on=year.starts_on + datetime.timedelta(days=rng.randint(0, days)),
                    quantity=quantity,
                    delivered_by=tutor,
                    class_name=class_name,
                    pupils_reached=rng.randint(24, 31) if class_teaching else None,
                    by=tutor,
                )
                recorded += 1
    return recorded


def open_next_year(*, catalogue: Catalogue, next_year: FinancialYear, by: User) -> Catalogue:
    """Next year's catalogue, copied with a small uplift and published, so schools can order for it."""
    copy = catalogue_services.copy_catalogue(
        source=catalogue, to_year=next_year, uplift_percent=NEXT_YEAR_UPLIFT, by=by
    )
    copy = catalogue_services.update_catalogue(
        catalogue=copy,
        terms=copy.terms,
        order_deadline=next_year.starts_on + datetime.timedelta(days=29),
        by=by,
    )
    return catalogue_services.publish_catalogue(catalogue=copy, by=by)
