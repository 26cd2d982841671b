"""Browser journey of a hub admin importing the register of schools and putting districts in hub areas."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from schools.models import School
from tests import factories
from tests.conftest import sign_in
from tests.error_pattern import expect_field_error

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).resolve().parent / "data"


def test_hub_admin_imports_the_register_maps_a_district_and_a_wrong_file_is_refused(
    page, live_server, accessible, hub_admin
):
    ashby = factories.AreaFactory(name="Ashby and District", slug="ashby")
    # Put in an area by hand, with no mapping for their district yet.
    for _ in range(2):
        factories.SchoolFactory(district_code="E07000777", district_name="Old Town", area=ashby)
    sign_in(page, live_server, hub_admin.email, totp=True)
    expect(page.get_by_role("heading", name="Staff home")).to_be_visible()
    page.get_by_role("link", name="Import the register of schools").click()
    expect(page.get_by_role("heading", name="Import the register of schools")).to_be_visible()
    expect(page.get_by_text("Up to 80 MB: the whole register is about 60 MB.")).to_be_visible()
    accessible(page, "import")

    page.get_by_label("Register file (CSV)").set_input_files(DATA / "gias_broken_rows.csv")
    page.get_by_label("Local authority codes (optional)").fill("931")
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", name="Import of gias_broken_rows.csv")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Finished: 1 of 1 done")
    expect(page.get_by_role("heading", name="Register of schools imported")).to_be_visible()
    expect(page.get_by_text("gias_broken_rows.csv: 9 rows read.")).to_be_visible()
    summary = page.get_by_role("region", name="Summary")
    expect(summary.get_by_text("Created")).to_be_visible()
    expect(summary).to_contain_text("7Created")
    expect(summary).to_contain_text("2Skipped")
    expect(summary).to_contain_text("4Values kept as unknown")
    skipped = page.get_by_role("table", name="Rows of the file that were skipped, with the reason")
    row = skipped.get_by_role("row").filter(has_text="ABC123")
    expect(row).to_contain_text("The URN 'ABC123' is not a URN (a whole number)")
    expect(row.get_by_role("cell").first).to_have_text("6")
    unknown = page.get_by_role("table", name="Schools imported with a value kept as unknown")
    row = unknown.get_by_role("row", name="Many Pupils School")
    expect(row).to_contain_text("990102")
    expect(row).to_contain_text("NumberOfPupils")
    expect(row).to_contain_text("lots")
    expect(row).to_contain_text("Not a whole number of 0 or more")
    expect(page.get_by_text("7 schools in districts with no hub area")).to_be_visible()
    accessible(page, "report")

    page.get_by_role("link", name="Put these districts in hub areas").click()
    expect(page.get_by_role("heading", name="Districts and areas")).to_be_visible()
    expect(page.get_by_label("Area for Old Town")).to_have_value(str(ashby.pk))
    expect(page.get_by_text("Taken from its schools; save to keep it for later imports.")).to_be_visible()
    accessible(page, "districts")
    page.get_by_label("Area for Brindleton North").select_option(label="Ashby and District")
    page.get_by_role("button", name="Save areas").click()
    expect(page.get_by_text("Saved 2 districts; 2 schools moved.")).to_be_visible()
    expect(page.get_by_text("Taken from its schools")).to_have_count(0)
    expect(page.get_by_label("Area for Brindleton North")).to_have_value(str(ashby.pk))
    assert School.objects.get(urn=990101).area == ashby
    accessible(page, "districts-saved")

    page.get_by_role("link", name="Import the register of schools").last.click()
    page.get_by_label("Register file (CSV)").set_input_files(DATA / "gias_utf16.csv")
    page.get_by_role("button", name="Import").click()
    file_field = page.get_by_label("Register file (CSV)")
    expect_field_error(page, file_field, "The file is UTF-16 text.")
    expect(file_field).to_have_accessible_description(re.compile(r"UTF-16 text\..* Nothing was changed\."))
    assert School.objects.count() == 9
    accessible(page, "refused")


def test_a_register_file_over_the_upload_limit_gets_a_readable_page_and_changes_nothing(
    page, live_server, accessible, hub_admin, settings, tmp_path
):
    settings.REGISTER_UPLOAD_MAX_MB = 1
    settings.REQUEST_MAX_MB_BY_PATH = {"/staff/register/import/": 1}
    too_big = tmp_path / "edubasealldata.csv"
    too_big.write_bytes((DATA / "gias_sample.csv").read_bytes() + b"\r\n" * 600_000)
    sign_in(page, live_server, hub_admin.email, totp=True)
    page.goto(f"{live_server.url}/staff/register/import/")
    expect(page.get_by_text("Up to 1 MB: the whole register is about 60 MB.")).to_be_visible()

    page.get_by_label("Register file (CSV)").set_input_files(too_big)
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", name="Too large to send")).to_be_visible()
    expect(
        page.get_by_text(
            "This page accepts up to 1 MB at a time, and your browser tried to send about 1.2 MB."
        )
    ).to_be_visible()
    accessible(page, "too-large")
    page.get_by_role("link", name="Go back to the page").click()
    expect(page.get_by_role("heading", name="Import the register of schools")).to_be_visible()
    assert not School.objects.exists()
