"""A small client of GOV.UK Pay's public payments API: create a card payment, read its state.

https://docs.payments.service.gov.uk/api_reference/ - a bearer API key, amounts in pence, and a state
(`status`, `finished`) read from the API: the address the payer comes back to carries no result.
The standard library's http.client, so that the portal needs no HTTP package of its own for two calls.
"""

import http.client
import json
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings

UNFINISHED = ("created", "started", "submitted", "capturable")
STATUSES = (*UNFINISHED, "success", "failed", "cancelled", "error")


class PayUnavailable(Exception):
    """GOV.UK Pay did not answer in time, answered with an error, or answered what we cannot read."""


class PaymentNotFound(PayUnavailable):
    """GOV.UK Pay knows no payment with this id (under our API key)."""


@dataclass(frozen=True)
class ProviderPayment:
    """What GOV.UK Pay says of one payment."""

    payment_id: str
    status: str
    finished: bool
    amount: int
    reference: str
    next_url: str = ""
    message: str = ""


def is_configured() -> bool:
    """Whether the hub takes card payments at all: without an API key, bank transfer only."""
    return bool(settings.GOVUK_PAY_API_KEY)


def _call(method: str, path: str, body: dict | None = None) -> dict:
    base = urlsplit(settings.GOVUK_PAY_BASE_URL)
    opener = http.client.HTTPSConnection if base.scheme == "https" else http.client.HTTPConnection
    connection = opener(base.netloc, timeout=settings.GOVUK_PAY_TIMEOUT)
    headers = {
        "Authorization": f"Bearer {settings.GOVUK_PAY_API_KEY}",
        "Accept": "application/json",
        "Content-Type": "application/json",
    }
    try:
        connection.request(method, f"{base.path}{path}", None if body is None else json.dumps(body), headers)
        response = connection.getresponse()
        status, data = response.status, response.read()
    except (OSError, http.client.HTTPException) as error:  # a timeout is an OSError
        raise PayUnavailable(f"GOV.UK Pay could not be reached ({method} {path}): {error!r}.") from error
    finally:
        connection.close()  # closed now, whatever happened: never left for the garbage collector
    if status == 404:
        raise PaymentNotFound(f"GOV.UK Pay knows no such payment ({path}).")
    if status not in (200, 201):
        raise PayUnavailable(f"GOV.UK Pay answered {status} to {method} {path}.")
    try:
        return json.loads(data)
    except ValueError as error:
        raise PayUnavailable(f"GOV.UK Pay's answer to {method} {path} could not be read.") from error


def _payment(data: dict) -> ProviderPayment:
    try:
        state = data["state"]
        payment = ProviderPayment(
            payment_id=str(data["payment_id"]),
            status=str(state["status"]),
            finished=bool(state.get("finished", False)),
            amount=int(data["amount"]),
            reference=str(data.get("reference", "")),
            next_url=str(((data.get("_links") or {}).get("next_url") or {}).get("href") or ""),
            message=str(state.get("message", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PayUnavailable("GOV.UK Pay's answer lacked the payment's id, amount or state.") from error
    if payment.status not in STATUSES:
        raise PayUnavailable(f"GOV.UK Pay answered a state we do not know: {payment.status!r}.")
    return payment


def create_payment(
    *, amount_pence: int, reference: str, description: str, return_url: str, email: str = ""
) -> ProviderPayment:
    """Create a card payment; the payer is then sent to its next_url."""
    body = {
        "amount": amount_pence,
        "reference": reference,
        "description": description,
        "return_url": return_url,
        "language": "en",
    }
    if email:
        body["email"] = email
    payment = _payment(_call("POST", "/v1/payments", body))
    if not payment.next_url:
        raise PayUnavailable("GOV.UK Pay created the payment without an address to send the payer to.")
    return payment


def get_payment(payment_id: str) -> ProviderPayment:
    """Read a payment's state."""
    return _payment(_call("GET", f"/v1/payments/{quote(payment_id, safe='')}"))
