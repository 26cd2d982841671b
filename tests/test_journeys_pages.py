"""Pages every kind of user meets: the account pages in the portal's layout, a phone-sized screen,
and staff reading the audit trail."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_account_pages_use_the_portal_layout_and_pass_axe(page, live_server, accessible, guardian):
    for path, heading in [
        ("/accounts/login/", "Sign in"),
        ("/accounts/signup/", "Sign up"),
        ("/accounts/password/reset/", "Password reset"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Accessibility statement")).to_be_visible()
        accessible(page, heading.lower().replace(" ", "-"))
    sign_in(page, live_server, guardian.user.email)
    for path, heading in [
        ("/accounts/email/", "Email addresses"),
        ("/accounts/password/change/", "Change password"),
        ("/accounts/2fa/", "Two-factor authentication"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        accessible(page, heading.lower().replace(" ", "-"))


def test_a_parent_on_a_phone_opens_the_menu_and_reaches_their_child(
    page, live_server, accessible, child, year
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, child.guardians.get().user.email)
    expect(page.get_by_role("heading", name="My family")).to_be_visible()
    accessible(page, "phone-family")
    menu = page.get_by_role("button", name="Show menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My family")).to_be_visible()
    page.get_by_role("link", name=child.full_name).click()
    expect(page.get_by_role("heading", name=child.full_name)).to_be_visible()
    # Nothing spills sideways off a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    accessible(page, "phone-child")


def test_hub_admin_changes_a_tutors_roles_and_reads_it_in_the_audit_trail(
    page, live_server, accessible, hub_admin, tutor
):
    factories.InstrumentTypeFactory(name="Violin", slug="violin")
    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff", exact=True).click()
    accessible(page, "staff-list")
    page.get_by_role("link", name=tutor.get_full_name()).click()
    page.get_by_label("Ensemble leader").check()
    page.get_by_label("Violin").check()
    page.get_by_label("DBS check date").fill("2026-09-01")
    accessible(page, "staff-edit")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{tutor.get_full_name()}'s details and roles have been saved.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="roles")
    expect(row).to_contain_text("Ensemble leader")
    expect(row).to_contain_text(hub_admin.get_full_name())
    expect(page.get_by_role("row").filter(has_text="instruments")).to_contain_text("Violin")
    accessible(page, "audit")
