"""Access to the ledger: finance pages for finance and hub admins; a school's invoices for its contacts who
may see money (404 for another school's invoice, 403 for a contact who may not see money)."""

from decimal import Decimal

import pytest

from hub.billing.services import Charge, issue_invoice
from schools.sla_billing import school_account
from tests import factories
from tests.access import LOGIN, ROLES, check_matrix

MONEY_STAFF = {"anonymous": LOGIN, "Finance": 200, "Hub admin": 200, "default": 403}
POST_ONLY = {"anonymous": LOGIN, "Finance": 405, "Hub admin": 405, "default": 403}
# A school contact fixture may order; the guardian and staff are not contacts of the school: 404.
SCHOOL_MONEY = {"anonymous": LOGIN, "contact": 200, "default": 404}

MATRIX = {
    "billing:invoice-list": (None, MONEY_STAFF),
    "billing:invoice-detail": ("invoice", MONEY_STAFF),
    "billing:invoice-pdf": ("invoice", MONEY_STAFF),
    "billing:payment-record": ("invoice", POST_ONLY),
    "billing:credit-note-issue": ("invoice", POST_ONLY),
    "billing:account-statement": ("account", MONEY_STAFF),
    "billing:aged-debt": (None, MONEY_STAFF),
    "billing:export-csv": (None, MONEY_STAFF),
    "schools:school-invoice-list": ("own_school", SCHOOL_MONEY),
    "schools:school-invoice-detail": ("own_invoice", SCHOOL_MONEY),
    "schools:school-invoice-pdf": ("own_invoice", SCHOOL_MONEY),
    "schools:school-invoice-detail@other": ("other_invoice", {"anonymous": LOGIN, "default": 404}),
    "schools:school-invoice-detail@elsewhere": (
        "invoice_under_other_urn",
        {"anonymous": LOGIN, "default": 404},
    ),
}


def _invoice(school):
    return issue_invoice(
        account=school_account(school),
        series_code="SLA-2027",
        charges=[Charge("Instrumental teaching", Decimal(10), Decimal("44.00"), f"test:{school.urn}")],
        title="Music SLA",
        by=None,
    )


@pytest.fixture
def url_kwargs(school, other_school, contact, other_contact):
    invoice, other = _invoice(school), _invoice(other_school)
    return {
        "invoice": {"public_id": invoice.public_id},
        "account": {"public_id": invoice.account.public_id},
        "own_school": {"urn": school.urn},
        "own_invoice": {"urn": school.urn, "public_id": invoice.public_id},
        "other_invoice": {"urn": other_school.urn, "public_id": other.public_id},
        "invoice_under_other_urn": {"urn": other_school.urn, "public_id": invoice.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_a_contact_who_may_not_see_money_is_told_why(client, school, url_kwargs):
    viewer = factories.SchoolContactFactory(school=school, can_order=False)
    client.force_login(viewer.user)
    response = client.get(f"/schools/{school.urn}/invoices/")
    assert response.status_code == 403
    assert "You cannot see this school's invoices." in response.content.decode()
