"""Browser journey of an ensemble's fee: the parent sees on the ensemble's page what their child pays a term
after remission, and after the family billing run finds the same on their termly bill. axe checks every
page."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hub.billing.family_run import bill_payer
from hub.billing.sources import Payer
from tests.conftest import sign_in
from tests.ensemble_factories import EnsembleFactory, EnsembleFeeFactory, MembershipFactory, SectionFactory
from tests.tuition_factories import RemissionAwardFactory, RemissionCategoryFactory, academic_year, pin_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_parent_sees_the_fee_after_remission_and_finds_it_on_the_termly_bill(
    page, live_server, guardian, child, monkeypatch
):
    pin_today(monkeypatch, datetime.date(2026, 10, 1))
    year = academic_year(2026)
    child.last_name = "Khan"
    child.save()
    orchestra = EnsembleFactory(name="Northshire Youth Orchestra", slug="northshire-youth-orchestra")
    EnsembleFeeFactory(ensemble=orchestra, academic_year=year, termly_fee=Decimal("45.00"))
    MembershipFactory(section=SectionFactory(ensemble=orchestra, name="Violins"), pupil=child, payer=guardian)
    half = RemissionCategoryFactory(name="Low household income", reason="low_income", percent=Decimal("50"))
    RemissionAwardFactory(pupil=child, category=half, academic_year=year)

    sign_in(page, live_server, "parent@example.org")
    page.goto(f"{live_server.url}/ensembles/northshire-youth-orchestra/")
    fees = page.get_by_role("heading", name="What your family pays in 2026/27")
    expect(fees).to_be_visible()
    expect(
        page.get_by_text("£22.50 a term (£45.00, less Remission: Low household income −£22.50)")
    ).to_be_visible()

    bill = bill_payer(term=year.terms.get(kind="autumn"), payer=Payer(guardian_id=guardian.pk), by=None)
    assert bill is not None
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Bills").click()
    expect(page.get_by_text("Balance: £22.50 to pay.")).to_be_visible()
    page.get_by_role("link", name=bill.display_number, exact=True).click()
    expect(page.get_by_role("heading", name=f"Bill {bill.display_number}")).to_be_visible()
    expect(page.get_by_text("Northshire Youth Orchestra (Violins), autumn term 2026")).to_be_visible()
    expect(page.get_by_text("Remission: Low household income")).to_be_visible()
