"""Focus you can see (WCAG 2.4.7, 1.4.11): Tab through the menu, a form and a table of the sign-in, family and
finance pages, and measure each focus indicator against what lies behind it."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import School
from tests.conftest import ARTIFACTS, sign_in
from tests.contrast import contrast, flatten, parse_colour, parse_colours
from tests.test_billing_services import issue, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}

# What the focused element shows, and what lies just beyond its indicator on each side: the background layers
# of whatever is painted there, from the top down (a table cell's inset stripe, then each ancestor's).
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const reach = Math.max(0, parseFloat(style.outlineOffset) || 0) + (parseFloat(style.outlineWidth) || 0) + 3;
  const layersOf = (node) => {
    const layers = [];
    for (; node; node = node.parentElement) {
      const own = getComputedStyle(node);
      if (own.boxShadow.includes("inset")) layers.push(own.boxShadow);
      layers.push(own.backgroundColor);
    }
    return layers;
  };
  const points = [
    [rect.left - reach, rect.top + rect.height / 2], [rect.right + reach, rect.top + rect.height / 2],
    [rect.left + rect.width / 2, rect.top - reach], [rect.left + rect.width / 2, rect.bottom + reach],
  ];
  const behind = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const node = document.elementsFromPoint(x, y).find((n) => n !== el && !el.contains(n));
    if (node) behind.push(layersOf(node));
  }
  const name = el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].innerText)
    || el.innerText || el.value || el.name || el.tagName;
  return {
    name: name.replace(/\\s+/g, " ").replace(/\\*$/, "").trim().slice(0, 50), tag: el.tagName.toLowerCase(),
    type: el.getAttribute("type") || "", role: el.getAttribute("role") || "",
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow, behind,
    box: {x: rect.x, y: rect.y, width: rect.width, height: rect.height},
  };
}"""


def indicator_colours(focused: dict) -> list:
    """The colours that draw the focus: the outline, if there is one, and each outer box-shadow."""
    colours = []
    if focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 1:
        colours.append(parse_colour(focused["outlineColor"]))
    for colour, rest in re.findall(r"(rgba?\([^)]*\))([^,]*)", focused["boxShadow"]):
        if "inset" not in rest:
            colours.extend(parse_colours(colour))
    return colours


def indicator_contrast(focused: dict) -> float:
    """The indicator's contrast with its surroundings: its best colour against the worst side."""
    colours = indicator_colours(focused)
    if not colours:
        return 1.0
    sides = [flatten([c for layer in layers for c in parse_colours(layer)]) for layers in focused["behind"]]
    assert sides, f"nothing was found behind {focused['name']}"
    return min(max(contrast(colour, side) for colour in colours) for side in sides)


def _snap(page, focused: dict, path) -> None:
    """A picture of the focused element and its indicator, cut from the viewport."""
    box, margin = focused["box"], 14
    viewport = page.viewport_size
    x, y = max(0, box["x"] - margin), max(0, box["y"] - margin)
    width = min(viewport["width"] - x, box["width"] + 2 * margin)
    height = min(viewport["height"] - y, box["height"] + 2 * margin)
    if width > 0 and height > 0:
        page.screenshot(path=path, clip={"x": x, "y": y, "width": width, "height": height})


def tab_through(page, name: str, *, limit: int = 80) -> list[dict]:
    """Press Tab from the top of the page to its end; measure and photograph each focused element."""
    ARTIFACTS.mkdir(exist_ok=True)
    # Bootstrap scrolls smoothly and fades a field's ring in: measure the settled page, not the animation.
    page.emulate_media(reduced_motion="reduce")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen, failures = [], []
    for step in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None or (
            seen and (focused["box"], focused["name"]) == (seen[0]["box"], seen[0]["name"])
        ):
            break
        focused["contrast"] = indicator_contrast(focused)
        seen.append(focused)
        _snap(page, focused, ARTIFACTS / f"focus-{name}-{step:02d}.png")
        if focused["contrast"] < 3:
            failures.append(
                f"{focused['tag']} {focused['name']!r}: {focused['contrast']:.2f}:1 (outline "
                f"{focused['outlineStyle']} {focused['outlineColor']}; shadow {focused['boxShadow']})"
            )
    assert seen, f"nothing on the {name} page takes focus"
    assert not failures, "Focus indicators under 3:1 against their background:\n" + "\n".join(failures)
    return seen


def names(seen: list[dict], tag: str, **attributes) -> list[str]:
    return [f["name"] for f in seen if f["tag"] == tag and all(f[k] == v for k, v in attributes.items())]


def test_every_focus_on_the_sign_in_page_stands_out_from_the_bar_the_form_and_the_footer(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    seen = tab_through(page, "sign-in")
    assert "Skip to main content" in names(seen, "a")
    assert {"Sign in", "Register"} <= set(names(seen, "a")), "the top menu's links"
    assert {"Email", "Password"} <= set(names(seen, "input")), "the form's text fields"
    assert names(seen, "input", type="checkbox"), "the form's checkbox"
    assert "Sign in" in names(seen, "button")
    assert "Accessibility statement" in names(seen, "a"), "the footer's links"


def test_every_focus_on_a_parents_pages_stands_out_including_the_add_a_child_form(
    page, live_server, guardian, child
):
    sign_in(page, live_server, guardian.user.email)
    expect(page.get_by_role("heading", name="My family")).to_be_visible()
    seen = tab_through(page, "family")
    assert {"My family", "Account", child.full_name, "Change your details"} <= set(names(seen, "a"))
    assert {"Sign out"} <= set(names(seen, "button")), "the sign-out button on the blue bar"

    page.get_by_role("link", name="Add a child").click()
    # Tab only once the form's page has loaded: pressed during the navigation, it reaches nothing.
    expect(page.get_by_role("heading", name="Add a child", level=1)).to_be_visible()
    seen = tab_through(page, "add-child")
    assert {"First name", "Last name"} <= set(names(seen, "input"))
    assert names(seen, "select"), "the form's selects"
    assert names(seen, "input", type="checkbox"), "the form's checkbox"
    assert "Add child" in names(seen, "button")


@pytest.fixture
def invoices(school):
    account = make_account(f"URN{school.urn}", school.name)
    School.objects.filter(pk=school.pk).update(billing_account=account)
    return [issue(account, f"sla:focus:{n}") for n in range(3)]


def test_every_focus_on_the_finance_invoice_list_stands_out_in_the_menu_form_and_table(
    page, live_server, finance, invoices
):
    sign_in(page, live_server, finance.email, totp=True)
    page.goto(f"{live_server.url}/staff/billing/")
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    seen = tab_through(page, "finance")
    assert {"Invoices", "SLA orders", "Aged debt"} <= set(names(seen, "a"))
    assert names(seen, "input"), "the search form's fields"
    assert "Search" in names(seen, "button")
    assert invoices[0].display_number in names(seen, "a"), "a link in the table"
    # At 1280 px the table fits, so its box is no tab stop (on a phone it scrolls, and is: see below).
    assert not names(seen, "div", role="region"), "a table box that does not scroll"


def test_every_focus_on_the_finance_invoice_list_stands_out_on_a_phone(page, live_server, finance, invoices):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, finance.email, totp=True)
    page.goto(f"{live_server.url}/staff/billing/")
    seen = tab_through(page, "finance-phone")
    assert "Show menu" in names(seen, "button"), "the menu button on the blue bar"
    assert names(seen, "div", role="region"), "the scrolling table"
