"""The bills pages a guardian sees: the list and its balance, a bill, paying it by card and coming back."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from hub.billing import payments, services
from hub.billing.models import OnlinePayment, Payment
from tests.test_family_bills import amounts, family_invoice

D = Decimal


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _list_page(client) -> str:
    response = client.get(reverse("bills:bill-list"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_bills_list_shows_the_balance_and_a_line_per_bill(client, guardian, other_guardian, finance):
    first, second = family_invoice(guardian), family_invoice(guardian, "lessons:2", prices=("60.00",))
    theirs = family_invoice(other_guardian, "other:1")
    payments.record_payment(
        invoice=first, amount=D("108.00"), received_on=timezone.localdate(), method="bacs", by=finance
    )
    client.force_login(guardian.user)
    page = _list_page(client)
    assert "Balance: <strong>£60.00</strong> to pay" in page
    assert first.display_number in page and second.display_number in page
    assert theirs.display_number not in page
    assert reverse("bills:bill-pdf", args=[second.public_id]) in page


def test_a_guardian_with_no_bills_yet_sees_an_empty_list_and_how_bills_come(client, guardian):
    client.force_login(guardian.user)
    page = _list_page(client)
    assert "No bills yet" in page and "Balance: <strong>£0.00</strong>." in page


def test_the_bills_list_has_a_fixed_number_of_queries(
    client, guardian, finance, django_assert_max_num_queries
):
    family_invoice(guardian, "grow:0")
    client.force_login(guardian.user)
    few = _list_page(client).count("<tr>")
    for n in range(1, 12):
        invoice = family_invoice(guardian, f"grow:{n}")
        payments.record_payment(
            invoice=invoice, amount=D("5.00"), received_on=timezone.localdate(), method="bacs", by=None
        )
        if n % 4 == 0:
            services.credit_invoice(invoice=invoice, reason="Lessons lost", by=finance)
    with django_assert_max_num_queries(9):
        many = _list_page(client).count("<tr>")
    assert many > few


def test_with_no_api_key_a_bill_offers_bank_transfer_only_and_says_so(client, guardian, settings):
    settings.GOVUK_PAY_API_KEY = ""
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    page = client.get(reverse("bills:bill-detail", args=[invoice.public_id])).content.decode()
    assert "Card payments are not available at the moment: pay by bank transfer." in page
    assert "sort code" in page and "now</button>" not in page
    assert "Card payments are not available" in _list_page(client)


def test_with_gov_uk_pay_a_bill_has_a_pay_now_button_and_the_csp_lets_its_form_go_there(
    client, guardian, govuk_pay
):
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    response = client.get(reverse("bills:bill-detail", args=[invoice.public_id]))
    page = response.content.decode()
    assert "Pay £108.00 now" in page and "sort code" in page
    assert f"form-action 'self' {govuk_pay.url}" in response["Content-Security-Policy"]
    assert "Card payments are not available" not in _list_page(client)


def test_paying_sends_the_parent_to_gov_uk_pay_and_the_return_records_the_payment(
    client, guardian, govuk_pay
):
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    response = client.post(reverse("bills:bill-pay", args=[invoice.public_id]))
    online = OnlinePayment.objects.get()
    assert response.status_code == 302 and response["Location"] == online.next_url
    govuk_pay.set_status(online.provider_id, "success")
    back = client.get(reverse("bills:payment-return", args=[online.public_id]))
    assert back["Location"] == reverse("bills:bill-detail", args=[invoice.public_id])
    assert said(back) == ["Thank you: your payment of £108.00 was taken."]
    assert amounts(invoice).status == "paid" and Payment.objects.get().method == "card"
    page = client.get(back["Location"]).content.decode()
    assert "now</button>" not in page and "Paid" in page and "Card" in page


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("failed", "Your payment of £108.00 was declined, so nothing was taken. You can try again"),
        ("cancelled", "You cancelled the payment, so nothing was taken. You can try again"),
        ("started", "GOV.UK Pay has not finished your payment of £108.00 yet. Do not pay again"),
    ],
)
def test_the_parent_is_told_how_the_payment_went(client, guardian, govuk_pay, status, message):
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    client.post(reverse("bills:bill-pay", args=[invoice.public_id]))
    online = OnlinePayment.objects.get()
    govuk_pay.set_status(online.provider_id, status)
    back = client.get(reverse("bills:payment-return", args=[online.public_id]))
    assert said(back)[0].startswith(message) and not Payment.objects.exists()
    page = client.get(back["Location"]).content.decode()
    assert "Pay £108.00 now" in page
    assert ("has not yet confirmed" in page) == (status == "started")


def test_a_provider_error_on_pay_tells_the_parent_and_leaves_nothing(client, guardian, govuk_pay):
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    govuk_pay.fail_next("create", 502)
    response = client.post(reverse("bills:bill-pay", args=[invoice.public_id]))
    assert response["Location"] == reverse("bills:bill-detail", args=[invoice.public_id])
    assert "GOV.UK Pay is not answering just now" in said(response)[0]
    assert not OnlinePayment.objects.exists()


def test_a_timeout_on_return_says_do_not_pay_again(client, guardian, govuk_pay):
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    client.post(reverse("bills:bill-pay", args=[invoice.public_id]))
    online = OnlinePayment.objects.get()
    govuk_pay.set_status(online.provider_id, "success")
    govuk_pay.fail_next("get", "timeout")
    back = client.get(reverse("bills:payment-return", args=[online.public_id]))
    assert "Do not pay again" in said(back)[0] and not Payment.objects.exists()
    assert OnlinePayment.objects.get().state == "created"


def test_the_family_home_and_the_menu_link_to_the_bills(client, guardian):
    client.force_login(guardian.user)
    page = client.get(reverse("hub:family-home")).content.decode()
    assert f'href="{reverse("bills:bill-list")}">Bills</a>' in page
    assert "See your bills and pay them" in page


def test_finance_sees_a_card_payment_flagged_for_a_refund_on_the_invoice(
    client, guardian, govuk_pay, finance
):
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    client.post(reverse("bills:bill-pay", args=[invoice.public_id]))
    online = OnlinePayment.objects.get()
    payments.record_payment(
        invoice=invoice, amount=D("108.00"), received_on=timezone.localdate(), method="bacs", by=finance
    )
    govuk_pay.set_status(online.provider_id, "success")
    back = client.get(reverse("bills:payment-return", args=[online.public_id]))
    assert "£108.00 more than was owed" in said(back)[0] and "will refund it" in said(back)[0]
    client.force_login(finance)
    page = client.get(reverse("billing:invoice-detail", args=[invoice.public_id])).content.decode()
    assert "Card payments through GOV.UK Pay" in page and online.provider_id in page
    assert "£108.00 more than was owed" in page


def test_a_bill_whose_pdf_is_not_drawn_yet_is_being_prepared_and_is_never_drawn_in_the_request(
    client, guardian, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []  # the broker takes the render, but no worker has reached it yet
    monkeypatch.setattr("hub.billing.documents.send_to_worker", lambda task, *ids: queued.append(ids) or True)
    never = lambda invoice: pytest.fail("drawn in a request")  # noqa: E731
    monkeypatch.setattr("hub.billing.documents.invoice_pdf", never)
    invoice = family_invoice(guardian)
    client.force_login(guardian.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("bills:bill-pdf", args=[invoice.public_id]))
    assert response.status_code == 202
    assert f"Invoice {invoice.display_number} is being prepared" in response.content.decode()
    assert reverse("bills:bill-detail", args=[invoice.public_id]) in response.content.decode()
    assert queued == [(invoice.pk,)]
