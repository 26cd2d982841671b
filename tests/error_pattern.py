"""The error pattern (hub/form_errors.py) as a browser test sees it, for journeys that submit bad input."""

import re

from playwright.sync_api import expect

# What a field or group is described by, as a screen reader reaches it: the group of a radio or checkbox
# among others like it, or the field itself; and whether the field is marked invalid.
_DESCRIBED = """(field) => {
  const grouped = ["radio", "checkbox"].includes(field.type)
    && document.getElementsByName(field.name).length > 1;
  const owner = grouped ? field.closest("fieldset") : field;
  const ids = (owner.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
  return {
    invalid: field.getAttribute("aria-invalid"),
    legend: grouped ? owner.querySelector("legend")?.textContent.trim() : null,
    messages: ids.map((id) => document.getElementById(id)?.textContent.replace(/\\s+/g, " ").trim() || ""),
  };
}"""


def check_error_pattern(page, expected: list[str]) -> list[dict]:
    """The page opens on its error summary, its title says "Error:", and each of the summary's links focuses
    its field, which is marked invalid and described by the same message."""
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    links = summary.get_by_role("link")
    expect(links).to_have_text(expected)
    fields = []
    for index in range(links.count()):
        link = links.nth(index)
        message = link.inner_text()
        link.click()
        field = page.locator(f"[id='{link.get_attribute('href').removeprefix('#')}']")
        expect(field).to_be_focused()
        expect(field).to_be_in_viewport()
        described = field.evaluate(_DESCRIBED)
        assert described["invalid"] == "true", (message, described)
        # The summary may put the field's label before Django's own "This field is required.".
        assert any(text.removeprefix("Error: ") in message for text in described["messages"] if text), (
            message,
            described,
        )
        fields.append(described)
    return fields


def expect_field_error(page, field, message: str) -> None:
    """The message (or its first sentences) is next to the field, which is marked invalid and described by
    it, and the page's error summary links to it."""
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(f"Error: {message}")))
    link = page.locator("[data-error-summary]").get_by_role("link", name=re.compile(f"^{re.escape(message)}"))
    expect(link).to_be_visible()


def field_error_html(field_id: str, message: str) -> str:
    """A field's message as the page holds it, next to the field (templates/_field_errors.html)."""
    return (
        f'<div id="{field_id}_error" class="invalid-feedback d-block"><p class="mb-1">'
        f'<span class="visually-hidden">Error:</span> <strong>{message}</strong></p></div>'
    )
