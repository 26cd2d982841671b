"""Browser journeys of the instrument store's staff through labels, overdue hires and reports, and declining a
hire request: each page and its error state checked by axe (tests/a11y.py) as the page fixture does for every
page."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.error_pattern import check_error_pattern
from tests.instrument_factories import HireRequestFactory, InstrumentFactory, family_hire
from tests.test_billing_documents import pdf_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_store_chooses_labels_chases_an_overdue_hire_and_reads_the_reports(
    page, live_server, accessible, store, guardian, child, mailoutbox
):
    today = timezone.localdate()
    family_hire(
        child,
        guardian,
        InstrumentFactory(asset_tag="VN-0042"),
        out_on=today - datetime.timedelta(days=200),
        due_back_on=today - datetime.timedelta(days=12),
    )
    sign_in(page, live_server, store.email, totp=True)
    page.goto(f"{live_server.url}/staff/instruments/")
    page.get_by_role("navigation", name="Instruments").get_by_role("link", name="Labels").click()
    expect(page.get_by_role("heading", name="Asset labels")).to_be_visible()
    page.get_by_label("Asset tags").fill("VN-0042, XX-1")
    page.get_by_role("button", name="Make the labels").click()
    expect(page).to_have_title(re.compile(r"^Error: Asset labels"))
    expect(page.get_by_text("No instrument has the tag XX-1.").first).to_be_visible()
    accessible(page, "labels-error")
    page.get_by_label("Asset tags").fill("VN-0042")
    page.get_by_role("button", name="Make the labels").click()
    # The sheet is drawn by a worker (here, in the test's process): its page shows progress, then the link.
    expect(page.get_by_role("heading", name="Asset labels, 1 label")).to_be_visible()
    download_link = page.get_by_role("link", name="Download the labels (PDF)")
    expect(download_link).to_be_visible()
    expect(page.get_by_text("1 of 1 made")).to_be_visible()
    accessible(page, "labels-ready")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith("asset-labels-")
    assert "VN-0042" in pdf_words(Path(download.value.path()).read_bytes())
    page.get_by_role("link", name="Make more labels").click()
    expect(page.get_by_role("heading", name="Asset labels")).to_be_visible()

    page.get_by_role("navigation", name="Instruments").get_by_role("link", name="Overdue").click()
    expect(page.get_by_role("heading", name="Overdue hires")).to_be_visible()
    expect(page.get_by_role("row", name="VN-0042")).to_contain_text("12")
    page.get_by_role("button", name="Send this week's reminders now").click()
    expect(page.get_by_text("1 of 1 reminded")).to_be_visible()
    assert [email.to for email in mailoutbox] == [[guardian.user.email]]

    page.goto(f"{live_server.url}/staff/instruments/reports/")
    expect(page.get_by_role("heading", name="Stock by status")).to_be_visible()
    expect(page.get_by_role("row", name="On hire").first).to_contain_text("£180.00")
    expect(page.get_by_role("link", name="Download “On hire by area” (CSV)")).to_be_visible()


def test_the_store_declines_a_request_and_the_family_is_told_why(
    page, live_server, accessible, store, child, guardian, mailoutbox
):
    HireRequestFactory(pupil=child)
    sign_in(page, live_server, store.email, totp=True)
    page.goto(f"{live_server.url}/staff/instruments/requests/")
    page.get_by_role("link", name=f"Allocate an instrument to {child.full_name}").click()
    page.get_by_role("link", name=f"Decline the request for {child.full_name}").click()
    expect(page.get_by_role("heading", name=f"Decline the request for {child.full_name}")).to_be_visible()
    page.get_by_role("button", name="Decline the request").click()
    expect(page).to_have_title(re.compile(r"^Error: Decline the request"))
    check_error_pattern(page, ["Say why the request is declined: the family is sent it."])
    accessible(page, "decline-error")
    page.get_by_label("Why the request is declined").fill("We have no 3/4 violins until the spring term.")
    page.get_by_role("button", name="Decline the request").click()
    expect(page.get_by_text(f"The request for {child.full_name} is declined")).to_be_visible()
    expect(page.get_by_text("Nobody is waiting.")).to_be_visible()
    [email] = mailoutbox
    assert email.to == [guardian.user.email] and "until the spring term" in email.body
