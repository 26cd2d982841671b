"""A parent finds their account from the menu and reaches e-mail, password and two-factor sign-in."""

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_opens_their_account_and_reaches_password_and_two_factor(
    page, live_server, accessible, guardian
):
    sign_in(page, live_server, guardian.user.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    expect(page.get_by_text("Parent or carer")).to_be_visible()
    accessible(page, "account")
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", name="Change password", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Change password", exact=True)).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor authentication", exact=True)).to_be_visible()
    accessible(page, "two-factor")
    page.go_back()
    page.get_by_role("link", name="Email addresses").click()
    expect(page.get_by_role("heading", name="Email addresses", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Make primary", exact=True)).to_be_visible()
