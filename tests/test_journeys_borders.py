"""Borders you can see (WCAG 1.4.11): the edge of every text field, select, unchecked checkbox and radio
stands at least 3:1 against what is around it, on the sign-in, add-a-child, e-mail and SLA order pages; a
ticked checkbox or chosen radio is filled with the brand colour, at least 3:1 against the page too."""

import pytest
from playwright.sync_api import expect

from tests import sla_factories
from tests.conftest import ARTIFACTS, sign_in
from tests.contrast import contrast, flatten, parse_colour, parse_colours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each visible, unfocused control: its border colour and width on each side, and the background layers
# around it (its parent's and each ancestor's, from the top down: the box the control's edge is seen against).
_CONTROLS = """() => {
  document.activeElement && document.activeElement.blur();
  const layersOf = (node) => {
    const layers = [];
    for (; node; node = node.parentElement) layers.push(getComputedStyle(node).backgroundColor);
    return layers;
  };
  const controls = document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not(:checked), select, textarea");
  return Array.from(controls).filter((el) => el.offsetParent !== null).map((el) => {
    const style = getComputedStyle(el);
    const sides = ["Top", "Right", "Bottom", "Left"].map((side) => ({
      colour: style[`border${side}Color`], width: parseFloat(style[`border${side}Width`]) || 0,
    }));
    const label = (el.labels && el.labels[0] && el.labels[0].innerText) || el.name || el.id;
    return {
      name: label.replace(/\\s+/g, " ").trim().slice(0, 40), tag: el.tagName.toLowerCase(),
      type: el.getAttribute("type") || "", sides, around: layersOf(el.parentElement),
    };
  });
}"""


def check_control_borders(page, name: str) -> list[dict]:
    """Every visible control's border on every side is at least 1px and 3:1 against what is around it."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"borders-{name}.png", full_page=True)
    controls = page.evaluate(_CONTROLS)
    failures = []
    for control in controls:
        around = flatten([colour for layer in control["around"] for colour in parse_colours(layer)])
        for side in control["sides"]:
            ratio = contrast(parse_colour(side["colour"]), around)
            if side["width"] < 1 or ratio < 3:
                failures.append(
                    f"{control['tag']} {control['type']} {control['name']!r}: "
                    f"{side['width']}px {side['colour']} is {ratio:.2f}:1"
                )
    assert controls, f"no controls on the {name} page"
    assert not failures, "Control borders under 3:1:\n" + "\n".join(sorted(set(failures)))
    return controls


# Each visible ticked checkbox and chosen radio: its fill and its border, and the background layers around it.
_CHECKED = """() => Array.from(
    document.querySelectorAll("input[type=checkbox]:checked, input[type=radio]:checked"))
  .filter((el) => el.offsetParent !== null)
  .map((el) => {
    const style = getComputedStyle(el);
    const around = [];
    for (let node = el.parentElement; node; node = node.parentElement) {
      around.push(getComputedStyle(node).backgroundColor);
    }
    return {type: el.type, name: el.name, fill: style.backgroundColor, border: style.borderTopColor, around};
  })"""
BRAND = "rgb(10, 79, 168)"


def check_checked_controls(page, name: str) -> set[str]:
    """Each ticked or chosen control is filled and edged in the brand colour, 3:1 or more against the page."""
    page.screenshot(path=ARTIFACTS / f"borders-{name}-checked.png", full_page=True)
    checked = page.evaluate(_CHECKED)
    assert checked, f"nothing is ticked or chosen on the {name} page"
    for control in checked:
        around = flatten([colour for layer in control["around"] for colour in parse_colours(layer)])
        assert control["fill"] == control["border"] == BRAND, control
        ratio = contrast(parse_colour(control["fill"]), around)
        assert ratio >= 3, f"{control['type']} {control['name']!r} is {ratio:.2f}:1 against the page"
    return {control["type"] for control in checked}


def kinds(controls: list[dict]) -> set[str]:
    return {control["type"] or control["tag"] for control in controls}


def test_sign_in_fields_and_checkbox_have_borders_of_at_least_3_to_1(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    controls = check_control_borders(page, "sign-in")
    assert {"email", "password", "checkbox"} <= kinds(controls)
    page.get_by_label("Remember me").check()
    assert check_checked_controls(page, "sign-in") == {"checkbox"}


def test_add_a_child_fields_selects_and_checkbox_have_borders_of_at_least_3_to_1(page, live_server, guardian):
    sign_in(page, live_server, guardian.user.email)
    page.get_by_role("link", name="Add a child").click()
    controls = check_control_borders(page, "add-child")
    assert {"text", "date", "select", "checkbox"} <= kinds(controls)


def test_the_email_pages_radios_and_field_have_borders_of_at_least_3_to_1(page, live_server, guardian):
    guardian.user.emailaddress_set.create(email="second@example.org", verified=False, primary=False)
    sign_in(page, live_server, guardian.user.email)
    page.goto(f"{live_server.url}/accounts/email/")
    controls = check_control_borders(page, "email")
    assert {"radio", "email"} <= kinds(controls)


def test_the_sla_order_forms_radios_and_fields_have_borders_of_at_least_3_to_1(
    page, live_server, staff_groups, school, contact
):
    year = sla_factories.make_catalogue().catalogue.financial_year.name
    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/sla/")
    page.get_by_role("link", name=f"Start the {year} order").click()
    expect(page.get_by_role("heading", name=f"SLA order {year}")).to_be_visible()
    controls = check_control_borders(page, "sla-order")
    assert {"radio", "select"} <= kinds(controls)
    page.get_by_role("radio").first.check()
    assert "radio" in check_checked_controls(page, "sla-order")
