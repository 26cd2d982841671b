"""Access matrix: billing pages for finance; a school's invoices for its contacts who may order."""

import pytest
from django.urls import reverse

from hub.billing.models import Invoice
from hub.documents import keep_rendering
from schools.models import School
from tests.access import LOGIN, ROLES, check_matrix
from tests.test_billing_services import issue, make_account

FINANCE = {"anonymous": LOGIN, "Finance": 200, "Hub admin": 200, "default": 403}
# Forms post to these; a GET is not allowed, but only after the role check.
POST_ONLY = {"anonymous": LOGIN, "Finance": 405, "Hub admin": 405, "default": 403}
OWN_SCHOOL = {"anonymous": LOGIN, "contact": 200, "default": 404}
NOT_THEIRS = {"anonymous": LOGIN, "default": 404}

MATRIX = {
    "billing:invoice-list": (None, FINANCE),
    "billing:invoice-detail": ("own_invoice", FINANCE),
    "billing:invoice-detail@credit-note": ("credit_note", FINANCE),
    "billing:invoice-pdf": ("own_invoice", FINANCE),
    "billing:payment-record": ("own_invoice", POST_ONLY),
    "billing:credit-note-issue": ("own_invoice", POST_ONLY),
    "billing:account-statement": ("account", FINANCE),
    "billing:aged-debt": (None, FINANCE),
    "billing:export-csv": (None, FINANCE),
    "schools:school-invoice-list": ("own_school", OWN_SCHOOL),
    "schools:school-invoice-list@other": ("other_school", NOT_THEIRS),
    "schools:school-invoice-detail": ("own_school_invoice", OWN_SCHOOL),
    "schools:school-invoice-detail@credit-note": ("own_school_credit_note", OWN_SCHOOL),
    "schools:school-invoice-detail@other-invoice-own-urn": ("other_invoice_own_urn", NOT_THEIRS),
    "schools:school-invoice-detail@other": ("other_school_invoice", NOT_THEIRS),
    "schools:school-invoice-pdf": ("own_school_invoice", OWN_SCHOOL),
    "schools:school-invoice-pdf@other-invoice-own-urn": ("other_invoice_own_urn", NOT_THEIRS),
    "schools:school-invoice-pdf@other": ("other_school_invoice", NOT_THEIRS),
}


def _billed(school: School, reference: str) -> Invoice:
    account = make_account(reference, school.name)
    School.objects.filter(pk=school.pk).update(billing_account=account)
    return issue(account, f"access:{reference}")


@pytest.fixture
def url_kwargs(school, other_school, finance):
    from hub.billing.services import credit_invoice

    own, other = _billed(school, "URN1"), _billed(other_school, "URN2")
    note = credit_invoice(invoice=own, amount=1, reason="Access test", by=finance)
    for document in (own, other, note):  # as a worker keeps them; the download serves what is kept
        keep_rendering(document, "pdf", filename="access.pdf", data=b"%PDF-1.7 access")
    return {
        "own_invoice": {"public_id": own.public_id},
        "credit_note": {"public_id": note.public_id},
        "account": {"public_id": own.account.public_id},
        "own_school": {"urn": school.urn},
        "other_school": {"urn": other_school.urn},
        "own_school_invoice": {"urn": school.urn, "public_id": own.public_id},
        "own_school_credit_note": {"urn": school.urn, "public_id": note.public_id},
        "other_invoice_own_urn": {"urn": school.urn, "public_id": other.public_id},
        "other_school_invoice": {"urn": other_school.urn, "public_id": other.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_form_posts_need_the_finance_role(client, people, url_kwargs):
    client.force_login(people["Tutor"])
    for name in ("billing:payment-record", "billing:credit-note-issue"):
        assert client.post(reverse(name, kwargs=url_kwargs["own_invoice"]), {}).status_code == 403
