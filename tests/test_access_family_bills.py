"""Access matrix: a family's bills, for the guardian who pays them; another family's answer 404."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.billing.models import OnlinePayment
from hub.documents import keep_rendering
from tests.access import LOGIN, ROLES, check_matrix
from tests.test_billing_services import issue, make_account
from tests.test_family_bills import family_invoice

OWN = {"anonymous": LOGIN, "guardian": 200, "default": 403}
NOT_THEIRS = {"anonymous": LOGIN, "guardian": 404, "default": 403}
# The return from GOV.UK Pay answers with a redirect to the bill, its message said.
RETURN = {"anonymous": LOGIN, "guardian": 302, "default": 403}
# The "Pay now" form posts here; a GET is not allowed, but only after the guardian check.
POST_ONLY = {"anonymous": LOGIN, "guardian": 405, "default": 403}

MATRIX = {
    "bills:bill-list": (None, OWN),
    "bills:bill-detail": ("own", OWN),
    "bills:bill-detail@credit-note": ("own_credit_note", OWN),
    "bills:bill-detail@other-family": ("other_family", NOT_THEIRS),
    "bills:bill-detail@school": ("school_invoice", NOT_THEIRS),
    "bills:bill-pdf": ("own", OWN),
    "bills:bill-pdf@other-family": ("other_family", NOT_THEIRS),
    "bills:bill-pdf@school": ("school_invoice", NOT_THEIRS),
    "bills:bill-pay": ("own", POST_ONLY),
    "bills:payment-return": ("own_payment", RETURN),
    "bills:payment-return@other-family": ("other_payment", NOT_THEIRS),
    "bills:payment-return@forged": ("forged_payment", NOT_THEIRS),
}


@pytest.fixture
def url_kwargs(guardian, other_guardian, finance):
    from hub.billing.services import credit_invoice

    own, other = family_invoice(guardian), family_invoice(other_guardian, "other:1")
    school = issue(make_account("URN1", "Hillside Primary School"), "access:school")
    note = credit_invoice(invoice=own, amount=Decimal("1.00"), reason="Access test", by=finance)
    for document in (own, other, school, note):  # as a worker keeps them; the download serves what is kept
        keep_rendering(document, "pdf", filename="access.pdf", data=b"%PDF-1.7 access")
    # Finished: the return reads nothing from GOV.UK Pay (none runs here) and goes back to the bill.
    mine, theirs = (
        OnlinePayment.objects.create(invoice=invoice, amount=Decimal("1.00"), state="failed", provider_id=pid)
        for invoice, pid in ((own, "access-own"), (other, "access-other"))
    )
    return {
        "own": {"public_id": own.public_id},
        "own_credit_note": {"public_id": note.public_id},
        "other_family": {"public_id": other.public_id},
        "school_invoice": {"public_id": school.public_id},
        "own_payment": {"public_id": mine.public_id},
        "other_payment": {"public_id": theirs.public_id},
        "forged_payment": {"public_id": uuid.uuid4()},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_paying_another_familys_bill_answers_404_and_starts_nothing(client, guardian, url_kwargs):
    client.force_login(guardian.user)
    for key in ("other_family", "school_invoice"):
        assert client.post(reverse("bills:bill-pay", kwargs=url_kwargs[key])).status_code == 404
    assert OnlinePayment.objects.count() == 2


def test_staff_and_school_contacts_cannot_pay_a_familys_bill(client, people, url_kwargs):
    for role in ("contact", "Finance", "Hub admin"):
        client.force_login(people[role])
        assert client.post(reverse("bills:bill-pay", kwargs=url_kwargs["own"])).status_code == 403
