"""Browser journeys of hub staff and school contacts."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import SchoolContact
from tests import factories
from tests.conftest import current_totp, forget_used_codes, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hub_admin_invites_a_school_contact_who_sets_a_password_and_sees_only_their_school(
    page, live_server, mailoutbox, accessible, hub_admin, school, other_school
):
    sign_in(page, live_server, hub_admin.email, totp=True, check=accessible)
    expect(page.get_by_role("heading", name="Staff home")).to_be_visible()
    accessible(page, "staff-home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Schools").click()
    page.get_by_label("Name, URN, town or postcode").fill("Hillside")
    page.get_by_role("button", name="Search").click()
    accessible(page, "school-search")
    page.get_by_role("link", name=school.name).click()
    page.get_by_role("link", name="Invite a contact").click()
    page.get_by_label("E-mail address").fill("j.okafor@hillside.example.org")
    page.get_by_label("First name").fill("Joy")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Role").select_option(label="Business manager")
    page.get_by_label("May order and see invoices").check()
    accessible(page, "invite")
    page.get_by_role("button", name="Send invitation").click()
    expect(
        page.get_by_text("j.okafor@hillside.example.org is now a contact of Hillside Primary School")
    ).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    assert len(mailoutbox) == 1
    link = re.search(r"http://\S+/invitations/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome, Joy")).to_be_visible()
    accessible(page, "accept")
    page.get_by_label("Choose a password").fill("music-for-all-2026")
    page.get_by_label("Type it again").fill("music-for-all-2026")
    page.get_by_role("button", name="Set password and sign in").click()

    expect(page.get_by_role("heading", name="My schools")).to_be_visible()
    expect(page.get_by_role("link", name=school.name)).to_be_visible()
    expect(page.get_by_text(other_school.name)).to_have_count(0)
    accessible(page, "contact-home")
    page.get_by_role("link", name=school.name).click()
    expect(page.get_by_text("may order services and see invoices")).to_be_visible()
    accessible(page, "school")

    # The same link does not work twice, and another school's page is not there for them.
    page.goto(link)
    expect(page.get_by_text("This invitation has already been used.")).to_be_visible()
    response = page.goto(f"{live_server.url}/schools/{other_school.urn}/")
    assert response.status == 404
    assert SchoolContact.objects.get(user__email="j.okafor@hillside.example.org").can_order


def test_staff_without_two_factor_must_set_it_up_before_reaching_staff_pages(
    page, live_server, accessible, staff_groups
):
    finance = factories.make_staff("Finance", mfa=False, email="new.finance@hub.example.org")
    sign_in(page, live_server, finance.email)
    expect(page.get_by_text("Staff accounts must use two-factor sign-in.")).to_be_visible()
    # allauth asks for the password again before an authenticator is added to the account.
    expect(page.get_by_role("heading", name="Confirm access")).to_be_visible()
    accessible(page, "confirm-access")
    page.get_by_role("textbox", name="Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    accessible(page, "activate")

    # Reaching for a staff page directly still lands on the set-up page.
    page.goto(f"{live_server.url}/staff/schools/")
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()

    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(current_totp(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    accessible(page, "recovery-codes")

    # Setting the app up is not a sign-in with it: staff pages ask for a code once.
    page.get_by_role("link", name="Staff home").click()
    expect(page.get_by_text("Confirm it's you with a code from your authenticator app.")).to_be_visible()
    accessible(page, "code-prompt")
    forget_used_codes()
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Staff home")).to_be_visible()
    expect(page.get_by_role("heading", name="Finance")).to_be_visible()
    accessible(page, "staff-home")


def test_the_back_office_is_reached_through_the_portal_sign_in_with_a_code(
    page, live_server, accessible, staff_groups
):
    # Like the demo hub admin: a superuser who also runs the Django admin site.
    admin = factories.make_staff(
        "Hub admin", is_staff=True, is_superuser=True, email="back.office@hub.example.org"
    )
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    accessible(page, "sign-in")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_role("textbox", name="Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    accessible(page, "code")
    page.get_by_label("Code").fill(current_totp())
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    accessible(page, "admin-index")
