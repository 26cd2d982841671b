"""Browser journeys of the instrument store: importing the inventory from a spreadsheet, putting right the row
the import refused, then finding an instrument by its tag and opening its page; adding and changing an
instrument, and setting a hire fee."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from instruments.models import HireFee, Instrument
from tests.conftest import sign_in
from tests.error_pattern import check_error_pattern, expect_field_error
from tests.instrument_factories import violin
from tests.tuition_factories import academic_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).resolve().parent / "data"


def test_the_store_imports_its_inventory_puts_a_bad_row_right_and_finds_an_instrument(
    page, live_server, accessible, store
):
    violin()
    sign_in(page, live_server, store.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Instruments").click()
    expect(page.get_by_role("heading", name="Inventory")).to_be_visible()
    expect(page.get_by_text("The inventory is empty")).to_be_visible()
    page.get_by_role("navigation", name="Instruments").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import instruments")).to_be_visible()

    upload = page.get_by_label("Inventory file (CSV)")
    upload.set_input_files(DATA / "instruments_one_bad_row.csv")
    page.get_by_role("button", name="Import").click()
    expect_field_error(page, upload, "1 row of the file has a problem, so nothing was imported.")
    problems = page.get_by_role("table", name="Problems in the file, by row")
    row = problems.get_by_role("row").filter(has_text="7/8")
    expect(row.get_by_role("cell").first).to_have_text("3")
    expect(row).to_contain_text("size")
    expect(row).to_contain_text(
        "Violin does not come in size “7/8”: choose from 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."
    )
    assert not Instrument.objects.exists()
    accessible(page, "refused")

    page.get_by_label("Inventory file (CSV)").set_input_files(DATA / "instruments_one_bad_row_fixed.csv")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Inventory")).to_be_visible()
    expect(
        page.get_by_text(
            "instruments_one_bad_row_fixed.csv: 3 instruments imported (3 new, 0 changed, 0 unchanged)."
        )
    ).to_be_visible()
    expect(page.get_by_text("3 instruments.")).to_be_visible()

    page.get_by_label("Asset tag").fill("vn-0202")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 instrument found.")).to_be_visible()
    table = page.get_by_role("table", name="Instruments, by asset tag")
    expect(table.get_by_role("row")).to_have_count(2)
    table.get_by_role("link", name="VN-0202").click()
    expect(page.get_by_role("heading", name="VN-0202: 4/4 Violin, Stentor Student II")).to_be_visible()
    expect(page.get_by_text("It has not been hired.")).to_be_visible()
    expect(page.get_by_text("£250.00")).to_be_visible()


def test_the_store_adds_an_instrument_after_a_wrong_size_and_sets_a_hire_fee(
    page, live_server, accessible, store
):
    violin()
    academic_year(2026)
    sign_in(page, live_server, store.email, totp=True)
    page.goto(f"{live_server.url}/staff/instruments/add/")
    expect(page.get_by_role("heading", name="Add an instrument")).to_be_visible()
    page.get_by_label("Asset tag").fill("vn-0500")
    page.get_by_label("Type").select_option(label="Violin (1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4)")
    page.get_by_label("Size").fill("7/8")
    page.get_by_label("Replacement value (£)").fill("-5")
    page.get_by_role("button", name="Add the instrument").click()
    check_error_pattern(page, ["A sum of money cannot be negative."])
    page.get_by_label("Replacement value (£)").fill("250")
    page.get_by_role("button", name="Add the instrument").click()
    check_error_pattern(
        page, ["Violin does not come in size “7/8”: choose from 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."]
    )
    page.get_by_label("Size").fill("3/4")
    page.get_by_role("button", name="Add the instrument").click()
    expect(page.get_by_text("VN-0500 has been added to the inventory.")).to_be_visible()
    expect(page.get_by_role("heading", name="VN-0500: 3/4 Violin")).to_be_visible()

    page.get_by_role("link", name="Change the details of VN-0500").click()
    page.get_by_label("Condition").select_option(label="Fair")
    page.get_by_role("button", name="Save the instrument").click()
    expect(page.get_by_text("VN-0500 has been saved.")).to_be_visible()
    assert Instrument.objects.get(asset_tag="VN-0500").condition == "fair"

    page.get_by_role("link", name="Inventory").first.click()
    page.get_by_role("navigation", name="Instruments").get_by_role("link", name="Hire fees").click()
    expect(page.get_by_role("heading", name="Hire fees, 2026/27")).to_be_visible()
    page.get_by_label("Violin").fill("thirty")
    page.get_by_role("button", name="Save hire fees").click()
    check_error_pattern(page, ["Give the fee for Violin in pounds, e.g. 35.00."])
    page.get_by_label("Violin").fill("35")
    page.get_by_role("button", name="Save hire fees").click()
    expect(page.get_by_text("Saved 1 hire fee for 2026/27.")).to_be_visible()
    expect(page.get_by_label("Violin")).to_have_value("35.00")
    assert HireFee.objects.get().termly_fee == Decimal("35.00")
