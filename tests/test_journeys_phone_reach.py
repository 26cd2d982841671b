"""On a phone, a keyboard reaches and scrolls a wide table, and figures on the staff home keep their digits
together inside their cards."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import School
from tests.conftest import ARTIFACTS, sign_in
from tests.test_billing_services import issue, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_contacts_table_that_scrolls_on_a_phone_takes_focus_and_scrolls_with_the_arrow_keys(
    page, live_server, accessible, contact, school
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/")
    region = page.get_by_role("region", name="Contacts table")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region.get_by_role("table", name=f"People who act for {school.name}")).to_be_visible()
    assert region.evaluate("box => box.scrollWidth > box.clientWidth"), "the table should scroll at 390 px"

    page.emulate_media(reduced_motion="reduce")
    for _ in range(30):
        page.keyboard.press("Tab")
        if region.evaluate("box => document.activeElement === box"):
            break
    else:
        pytest.fail("Tab never reached the scrolling contacts table")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(region).not_to_have_js_property("scrollLeft", 0)
    page.screenshot(path=ARTIFACTS / "phone-contacts-table-focused.png")
    accessible(page, "phone-school")


def test_the_contacts_table_is_a_tab_stop_only_while_it_scrolls(page, live_server, contact, school):
    """At 1280 px the table fits and Tab passes its box by; at 390 px it scrolls, and Tab stops on it."""
    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/")
    table = page.get_by_role("table", name=f"People who act for {school.name}")
    box = page.locator("[data-scrolling-table='Contacts table']")
    expect(table).to_be_visible()
    assert not box.evaluate("box => box.scrollWidth > box.clientWidth"), "the table should fit at 1280 px"
    expect(box).not_to_have_attribute("tabindex", re.compile("."))
    expect(page.get_by_role("region", name="Contacts table")).to_have_count(0)
    assert not tabs_reach(page, box), "Tab stopped on a table box that does not scroll"

    page.set_viewport_size(PHONE)
    region = page.get_by_role("region", name="Contacts table")
    expect(region).to_have_attribute("tabindex", "0")
    assert tabs_reach(page, region), "Tab never reached the contacts table that scrolls at 390 px"
    region.screenshot(path=ARTIFACTS / "contacts-table-tab-stop-at-390.png")


def tabs_reach(page, box) -> bool:
    """Tab from the top of the page to its end (or 40 stops): does the focus land on the box?"""
    page.locator("body").evaluate("body => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    first = None
    for _ in range(40):
        page.keyboard.press("Tab")
        if box.evaluate("box => document.activeElement === box"):
            return True
        current = page.evaluate("() => document.activeElement && document.activeElement.outerHTML")
        if current == first:
            return False
        first = first or current
    return False


@pytest.fixture
def large_debt(school):
    account = make_account(f"URN{school.urn}", school.name)
    School.objects.filter(pk=school.pk).update(billing_account=account)
    return issue(account, "sla:large:1", prices=("683957.12",))


@pytest.mark.parametrize("width", [320, 390, 576, 700, 992])
def test_a_large_sum_on_the_staff_home_stays_on_one_line_inside_its_card(
    page, live_server, finance, large_debt, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, finance.email, totp=True)
    owed = page.locator(".card", has_text="Owed to the hub").locator(".stat")
    expect(owed).to_have_text("£683,957.12")
    page.screenshot(path=ARTIFACTS / f"staff-home-stats-{width}.png", full_page=True)
    for figure in page.locator(".stat").all():
        line = figure.evaluate(
            """el => ({text: el.innerText, height: el.getBoundingClientRect().height,
                       lineHeight: parseFloat(getComputedStyle(el).lineHeight),
                       spills: el.scrollWidth > el.clientWidth})"""
        )
        one_line = line["height"] < 1.5 * line["lineHeight"]
        assert one_line, f"{line['text']} breaks over two lines at {width} px"
        assert not line["spills"], f"{line['text']} spills out of its card at {width} px"
