"""Browser journey of the public ensembles listing: a visitor who has not signed in follows the landing page's
link, narrows the listing by a child's age and instrument, and opens the ensemble's page; axe checks each."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ensembles.models import Level
from tests import factories
from tests.ensemble_factories import EnsembleFactory, EnsembleFeeFactory, SectionFactory, instrument
from tests.tuition_factories import academic_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_an_ensemble_by_age_and_instrument_and_opens_its_page(page, live_server, accessible):
    year = academic_year(2026)
    area = factories.AreaFactory(name="Brindleton North", slug="brindleton-north")
    violin, trumpet = instrument("Violin"), instrument("Trumpet", "brass")
    strings = EnsembleFactory(
        name="Brindleton Junior Strings", slug="brindleton-junior-strings", area=area, min_age=7, max_age=11,
        venue="Hatherley Music Centre", description="Friendly string playing for beginners.",
    )  # fmt: skip
    SectionFactory(ensemble=strings, name="Violins", instrument_types=[violin])
    EnsembleFeeFactory(ensemble=strings, academic_year=year, termly_fee=Decimal("38.50"))
    older = EnsembleFactory(
        name="County Youth Strings", level=Level.COUNTY, area=None, min_age=12, max_age=18
    )
    SectionFactory(ensemble=older, name="Violins", instrument_types=[violin])
    band = EnsembleFactory(name="Brindleton Brass", area=area, min_age=7, max_age=11)
    SectionFactory(ensemble=band, name="Trumpets", instrument_types=[trumpet])

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Find an ensemble").click()
    expect(page.get_by_role("heading", name="Find an ensemble", level=1)).to_be_visible()
    expect(page.get_by_text("3 ensembles.")).to_be_visible()

    page.get_by_label("Child's age").fill("9")
    page.get_by_label("Instrument").select_option(label="Violin")
    page.get_by_role("button", name="Find ensembles").click()
    expect(page.get_by_text("1 ensemble found.")).to_be_visible()
    listed = page.get_by_role("list", name="Ensembles").get_by_role("listitem")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Saturdays, 09:30 to 12:00, Hatherley Music Centre")
    expect(listed).to_contain_text("£38.50")
    expect(page.get_by_label("Child's age")).to_have_value("9")
    accessible(page, "filtered")

    listed.get_by_role("link", name="Brindleton Junior Strings").click()
    expect(page.get_by_role("heading", name="Brindleton Junior Strings", level=1)).to_be_visible()
    expect(page.get_by_text("Friendly string playing for beginners.")).to_be_visible()
    expect(page.get_by_text("Violins: Violin")).to_be_visible()
