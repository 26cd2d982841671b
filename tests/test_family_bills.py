"""A family's bills paid by card through GOV.UK Pay (a local fake): start, return, record once, faults."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.billing import govuk_pay as pay_api
from hub.billing import online_payments, payments, services
from hub.billing.family import ensure_family_account, family_account_for
from hub.billing.models import Invoice, OnlinePayment, Payment
from hub.billing.numbering import financial_year_name, series_code
from hub.billing.online_payments import OnlinePaymentError, check_online_payment, start_online_payment
from hub.billing.selectors import with_amounts
from hub.models import AuditEvent, OutgoingEmail
from tests.test_billing_services import run_together

D = Decimal
State = OnlinePayment.State


def family_invoice(guardian, key="lessons:1", *, prices=("120.00", "-12.00")) -> Invoice:
    """A termly bill: a child's lessons and a remission line, as the billing run charges them."""
    descriptions = ["Amira: violin lessons, autumn term 2026", "Amira: free school meals remission"]
    charges = [
        services.Charge(
            description=descriptions[n % 2], quantity=D("1"), unit_price=D(price), source_key=f"{key}:{n}"
        )
        for n, price in enumerate(prices)
    ]
    return services.issue_invoice(
        account=ensure_family_account(guardian),
        series_code=series_code("FAM", financial_year_name(timezone.localdate())),
        charges=charges,
        title="Autumn term 2026",
        by=None,
        payment_days=14,
    )


def amounts(invoice: Invoice):
    return with_amounts(Invoice.objects.filter(pk=invoice.pk)).get()


def paid_at_provider(fake, online, action="pay"):
    statuses = {"pay": ("success", {}), "decline": ("failed", {"message": "Payment method rejected"})}
    status, state = statuses[action]
    fake.set_status(online.provider_id, status, **state)


# --- The family account -----------------------------------------------------------------------------------


def test_the_family_account_is_the_guardians_own_and_none_before_the_first_bill(guardian, other_guardian):
    assert family_account_for(guardian) is None
    mine, theirs = ensure_family_account(guardian), ensure_family_account(other_guardian)
    assert family_account_for(guardian) == mine != theirs
    assert mine.reference == f"FAM-{guardian.pk}"


# --- Starting a payment -----------------------------------------------------------------------------------


def test_a_payment_is_created_for_whats_outstanding_in_pence_with_the_invoice_number(guardian, govuk_pay):
    invoice = family_invoice(guardian)
    payments.record_payment(
        invoice=invoice, amount=D("8.00"), received_on=timezone.localdate(), method="bacs", by=None
    )
    online = start_online_payment(invoice=invoice, by=guardian.user)
    sent = govuk_pay.payments[online.provider_id]
    assert (sent["amount"], sent["reference"]) == (10000, invoice.display_number)
    assert sent["email"] == guardian.user.email and invoice.display_number in sent["description"]
    assert sent["return_url"].endswith(reverse("bills:payment-return", args=[online.public_id]))
    assert online.amount == D("100.00") and online.state == State.CREATED
    assert online.next_url == f"{govuk_pay.url}/pay/{online.provider_id}"


def test_the_api_key_is_sent_and_a_wrong_one_is_refused(guardian, govuk_pay, settings):
    settings.GOVUK_PAY_API_KEY = "api_test_wrong"
    invoice = family_invoice(guardian)
    with pytest.raises(OnlinePaymentError, match="not answering"):
        start_online_payment(invoice=invoice, by=guardian.user)
    assert govuk_pay.payments == {} and not OnlinePayment.objects.exists()


@pytest.mark.parametrize("fault", [500, 503, "timeout"])
def test_a_provider_that_fails_on_create_leaves_no_payment_pretending(guardian, govuk_pay, fault):
    invoice = family_invoice(guardian)
    govuk_pay.fail_next("create", fault)
    with pytest.raises(OnlinePaymentError) as refused:
        start_online_payment(invoice=invoice, by=guardian.user)
    assert "nothing was taken" in str(refused.value) and "bank transfer" in str(refused.value)
    assert not OnlinePayment.objects.exists() and not Payment.objects.exists()
    # The next attempt goes ahead.
    assert start_online_payment(invoice=invoice, by=guardian.user).state == State.CREATED


def test_a_card_page_elsewhere_than_the_configured_origin_is_not_followed(guardian, govuk_pay, settings):
    settings.GOVUK_PAY_CARD_ORIGIN = "https://card.payments.service.gov.uk"
    with pytest.raises(OnlinePaymentError, match="not answering"):
        start_online_payment(invoice=family_invoice(guardian), by=guardian.user)
    assert not OnlinePayment.objects.exists()


def test_nothing_to_pay_and_no_api_key_are_refused_with_a_reason(guardian, govuk_pay, settings):
    invoice = family_invoice(guardian)
    payments.record_payment(
        invoice=invoice, amount=D("108.00"), received_on=timezone.localdate(), method="bacs", by=None
    )
    with pytest.raises(OnlinePaymentError, match="nothing left to pay"):
        start_online_payment(invoice=invoice, by=guardian.user)
    settings.GOVUK_PAY_API_KEY = ""
    assert not pay_api.is_configured()
    with pytest.raises(OnlinePaymentError, match="bank transfer"):
        start_online_payment(invoice=family_invoice(guardian, "lessons:2"), by=guardian.user)
    assert not OnlinePayment.objects.exists() and govuk_pay.requests == []


# --- Coming back ------------------------------------------------------------------------------------------


def test_a_success_is_read_from_the_api_and_recorded_once_as_a_card_payment(guardian, govuk_pay):
    invoice = family_invoice(guardian)
    online = start_online_payment(invoice=invoice, by=guardian.user)
    assert check_online_payment(online=online).state == State.CREATED  # the URL says nothing; nor do we
    paid_at_provider(govuk_pay, online)
    online = check_online_payment(online=online)
    again = check_online_payment(online=OnlinePayment.objects.get(pk=online.pk))
    payment = Payment.objects.get()
    assert online.state == again.state == State.SUCCESS and again.payment == payment
    assert (payment.amount, payment.method, payment.provider_id) == (D("108.00"), "card", online.provider_id)
    assert payment.recorded_by == guardian.user and amounts(invoice).status == "paid"
    reads = [path for method, path in govuk_pay.requests if method == "GET"]
    assert len(reads) == 2  # the second return never asked again, nor recorded again


def test_the_same_provider_payment_cannot_be_recorded_twice_in_the_database(guardian, govuk_pay):
    invoice = family_invoice(guardian)
    online = start_online_payment(invoice=invoice, by=guardian.user)
    paid_at_provider(govuk_pay, online)
    check_online_payment(online=online)
    with pytest.raises(Exception, match="online_payment_recorded_once"):
        Payment.objects.create(
            account=invoice.account,
            invoice=invoice,
            amount=D("1.00"),
            received_on=timezone.localdate(),
            method="card",
            provider_id=online.provider_id,
        )


@pytest.mark.django_db(transaction=True)
def test_two_returns_at_once_record_the_payment_once(guardian, settings):
    from tests.fake_govuk_pay import API_KEY, FakeGovukPay

    with FakeGovukPay() as fake:
        settings.GOVUK_PAY_API_KEY, settings.GOVUK_PAY_BASE_URL = API_KEY, fake.url
        settings.GOVUK_PAY_CARD_ORIGIN = fake.url
        invoice = family_invoice(guardian)
        online = start_online_payment(invoice=invoice, by=guardian.user)
        paid_at_provider(fake, online)
        results = run_together(
            2, lambda i: check_online_payment(online=OnlinePayment.objects.get(pk=online.pk))
        )
    assert [r.state for r in results] == [State.SUCCESS, State.SUCCESS]
    assert Payment.objects.filter(provider_id=online.provider_id).count() == 1
    assert {r.payment_id for r in results} == {Payment.objects.get().pk}


@pytest.mark.parametrize(
    ("action", "state", "said"),
    [("decline", State.FAILED, "Payment method rejected"), ("cancel", State.CANCELLED, "cancelled")],
)
def test_a_declined_or_cancelled_payment_records_nothing_and_can_be_tried_again(
    guardian, govuk_pay, action, state, said
):
    invoice = family_invoice(guardian)
    online = start_online_payment(invoice=invoice, by=guardian.user)
    status = {"decline": "failed", "cancel": "cancelled"}[action]
    govuk_pay.set_status(online.provider_id, status, message=said)
    online = check_online_payment(online=online)
    assert online.state == state and said in online.failure and not Payment.objects.exists()
    retry = start_online_payment(invoice=invoice, by=guardian.user)
    assert retry.amount == D("108.00") and retry.provider_id != online.provider_id


def test_a_timeout_on_the_status_check_keeps_the_state_for_beat_to_reconcile(guardian, govuk_pay):
    invoice = family_invoice(guardian)
    online = start_online_payment(invoice=invoice, by=guardian.user)
    paid_at_provider(govuk_pay, online)
    govuk_pay.fail_next("get", "timeout")
    with pytest.raises(OnlinePaymentError, match="Do not pay again"):
        check_online_payment(online=online)
    assert OnlinePayment.objects.get(pk=online.pk).state == State.CREATED and not Payment.objects.exists()
    later = timezone.now() + online_payments.RECONCILE_AFTER + datetime.timedelta(seconds=1)
    assert online_payments.reconcile_online_payments(now=later) == 1
    assert OnlinePayment.objects.get(pk=online.pk).state == State.SUCCESS
    assert Payment.objects.get().provider_id == online.provider_id


def test_beat_reconciles_only_payments_left_unfinished_a_while(guardian, govuk_pay):
    invoice = family_invoice(guardian)
    fresh = start_online_payment(invoice=invoice, by=guardian.user)
    old = start_online_payment(invoice=invoice, by=guardian.user)
    OnlinePayment.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    never_sent = OnlinePayment.objects.create(invoice=invoice, amount=D("1.00"))
    OnlinePayment.objects.filter(pk=never_sent.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    paid_at_provider(govuk_pay, old, "decline")
    paid_at_provider(govuk_pay, fresh)
    assert online_payments.reconcile_online_payments() == 1
    assert OnlinePayment.objects.get(pk=old.pk).state == State.FAILED
    assert OnlinePayment.objects.get(pk=fresh.pk).state == State.CREATED  # the parent may still come back
    assert OnlinePayment.objects.get(pk=never_sent.pk).state == State.ERROR


def test_a_payment_gov_uk_pay_never_created_records_nothing(guardian, govuk_pay):
    invoice = family_invoice(guardian)
    online = start_online_payment(invoice=invoice, by=guardian.user)
    OnlinePayment.objects.filter(pk=online.pk).update(provider_id="notapaymentofours000000000")
    online = check_online_payment(online=OnlinePayment.objects.get(pk=online.pk))
    assert online.state == State.ERROR and "knows no such payment" in online.failure
    never_sent = OnlinePayment.objects.create(invoice=invoice, amount=D("1.00"))
    assert check_online_payment(online=never_sent).state == State.ERROR
    assert not Payment.objects.exists()


def test_a_provider_payment_for_another_amount_or_reference_is_not_recorded_and_is_flagged(
    guardian, govuk_pay
):
    invoice = family_invoice(guardian)
    online = start_online_payment(invoice=invoice, by=guardian.user)
    govuk_pay.payments[online.provider_id]["amount"] = 1
    paid_at_provider(govuk_pay, online)
    online = check_online_payment(online=online)
    assert online.state == State.ERROR and "not 10800p" in online.failure and not Payment.objects.exists()
    assert OutgoingEmail.objects.filter(subject__contains=invoice.display_number).exists()


def test_paid_another_way_meanwhile_records_what_is_outstanding_and_flags_the_rest_for_a_refund(
    guardian, govuk_pay, finance, settings
):
    invoice = family_invoice(guardian)
    online = start_online_payment(invoice=invoice, by=guardian.user)
    payments.record_payment(
        invoice=invoice, amount=D("100.00"), received_on=timezone.localdate(), method="bacs", by=finance
    )
    paid_at_provider(govuk_pay, online)
    online = check_online_payment(online=online)
    card = Payment.objects.get(method="card")
    assert online.state == State.SUCCESS and online.payment == card and card.amount == D("8.00")
    assert "£100.00 more than was owed" in online.failure and "refund" in online.failure
    assert amounts(invoice).outstanding == 0
    flagged = OutgoingEmail.objects.get(subject__contains=invoice.display_number)
    assert flagged.to == [settings.HUB_EMAIL]
    assert online.provider_id in flagged.body and "£100.00 more than was owed" in flagged.body
    assert AuditEvent.objects.filter(object_id=str(online.pk), changes__needs_finance__isnull=False).exists()


def test_paid_in_full_meanwhile_records_nothing_and_flags_it_all_once(guardian, govuk_pay):
    invoice = family_invoice(guardian)
    first = start_online_payment(invoice=invoice, by=guardian.user)
    second = start_online_payment(invoice=invoice, by=guardian.user)  # a second tab
    paid_at_provider(govuk_pay, first)
    paid_at_provider(govuk_pay, second)
    check_online_payment(online=first)
    second = check_online_payment(online=second)
    check_online_payment(online=OnlinePayment.objects.get(pk=second.pk))
    assert second.state == State.SUCCESS and second.payment is None
    assert "£108.00 more than was owed" in second.failure
    assert Payment.objects.count() == 1 and amounts(invoice).status == "paid"
    assert OutgoingEmail.objects.filter(subject__contains="needs finance").count() == 1


def test_beat_runs_the_reconciliation_every_few_minutes(settings):
    from hub.billing import tasks
    from hub.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["online-payments"]
    assert entry["task"] == tasks.reconcile_online_payments.name and entry["task"] in app.tasks
    assert entry["schedule"] <= online_payments.RECONCILE_AFTER.total_seconds()
