"""The back office (Django's admin) as the hub admin sees it, checked with axe but for its known issues."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import current_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The back office has no known exceptions left: breadcrumb contrast and filter link size are fixed by
# static/css/admin.css, the split date and time boxes' labels by templates/admin/widgets/split_datetime.html,
# and the named icons by static/js/admin.js. axe checks every page these tests load (tests/a11y.py).


def sign_in_to_the_back_office(page, live_server):
    admin = factories.make_staff(
        "Hub admin", is_staff=True, is_superuser=True, email="back.office@hub.example.org"
    )
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_role("textbox", name="Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(current_totp())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_the_hub_admin_filters_a_list_in_the_back_office_and_it_passes_axe(
    page, live_server, accessible, staff_groups, school, other_school
):
    sign_in_to_the_back_office(page, live_server)
    page.goto(f"{live_server.url}/admin/schools/school/")
    expect(page.locator("#changelist-filter").get_by_text("By status")).to_be_visible()
    accessible(page, "school-list")
    filters = page.locator("#changelist-filter")
    filters.get_by_role("link", name="Primary").first.click()
    expect(page).to_have_url(re.compile(r"phase"))
    height = filters.get_by_role("link", name="All", exact=True).first.bounding_box()["height"]
    assert height >= 24, f"filter links are {height} px high"
    accessible(page, "school-list-filtered")


def test_a_date_and_time_field_in_the_back_office_has_a_label_per_box_and_keeps_to_the_csp(
    page, live_server, accessible, staff_groups, guardian
):
    """Each box of a user's "Last login" is named; the calendar and clock open and fill them; the
    Content-Security-Policy blocks nothing on the way (the `context` fixture fails the test if it does)."""
    sign_in_to_the_back_office(page, live_server)
    page.goto(f"{live_server.url}/admin/hub/user/{guardian.user.pk}/change/")
    last_login = page.get_by_role("group", name="Last login")
    date = last_login.get_by_role("textbox", name="Date")
    time = last_login.get_by_role("textbox", name="Time")
    expect(date).to_have_value("")
    last_login.get_by_role("link", name="Today").click()
    expect(date).not_to_have_value("")
    last_login.get_by_role("link", name="Choose a Time").click()
    page.get_by_role("link", name="Midnight").click()
    expect(time).to_have_value("00:00:00")
    for box in (date, time):
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        expect(label).to_have_count(1)
    joined = page.get_by_role("group", name="Date joined")
    expect(joined.get_by_role("textbox", name="Time")).not_to_have_value("")
    accessible(page, "user-dates")
