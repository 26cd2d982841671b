"""Markup a screen reader or a keyboard depends on: scrolling tables, the audit trail's arrows, the two-factor
step's title and the e-mail page's radios."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from hub.audit import record_change
from hub.models import AuditEvent
from tests.factories import PASSWORD

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TABLE_WRAPPER = TEMPLATES / "_scrolling_table.html"


def test_every_table_that_scrolls_sideways_is_wrapped_by_the_one_focusable_include():
    raw = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if path != TABLE_WRAPPER and "table-responsive" in path.read_text()
    ]
    assert not raw, f"use {{% scrolling_table %}} rather than a bare .table-responsive in {raw}"
    wrapper = TABLE_WRAPPER.read_text()
    assert 'class="table-responsive" tabindex="0" role="region" aria-label="{{ label }}"' in wrapper
    assert 'data-scrolling-table="{{ label }}"' in wrapper, "portal.js finds the boxes by it"


def test_the_contacts_table_renders_as_a_named_region_that_takes_focus_until_a_script_finds_it_fits(
    client, contact, school
):
    client.force_login(contact.user)
    page = client.get(reverse("schools:school-detail", args=[school.urn])).content.decode()
    assert (
        '<div class="table-responsive" tabindex="0" role="region" aria-label="Contacts table"'
        ' data-scrolling-table="Contacts table">'
    ) in page
    assert "<caption>People who act for Hillside Primary School</caption>" in page


def test_the_audit_trail_says_changed_to_in_hidden_text_not_in_labels_on_spans(client, hub_admin, child):
    record_change(
        actor=hub_admin,
        instance=child,
        action=AuditEvent.Action.UPDATED,
        before={"first_name": "Amira"},
        after={"first_name": "Amina"},
    )
    client.force_login(hub_admin)
    page = client.get(reverse("hub:audit-log")).content.decode()
    assert '<span aria-hidden="true">→</span><span class="visually-hidden">changed to</span> Amina' in page
    assert not re.search(r"<span[^>]*aria-label", page)


def test_the_two_factor_step_is_titled_with_what_to_do(tutor):
    client = Client()
    response = client.post(reverse("account_login"), {"login": tutor.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    page = client.get(response.url).content.decode()
    assert re.search(r"<title>Enter your two-factor code · ", page)
    assert re.search(r"<h1[^>]*>\s*Two-factor authentication\s*</h1>", page)
    assert '<label for="id_code"' in page or 'for="id_code"' in page


def test_the_email_page_offers_each_address_as_a_radio_button_in_a_fieldset(client, guardian):
    guardian.user.emailaddress_set.create(email="second@example.org", verified=False, primary=False)
    client.force_login(guardian.user)
    page = client.get(reverse("account_email")).content.decode()
    radios = re.findall(r"<input[^>]*type=\"radio\"[^>]*>", page)
    assert len(radios) == 2
    assert all('class="form-check-input"' in radio and 'name="email"' in radio for radio in radios)
    assert not re.search(r"<input[^>]*form-control[^>]*type=\"radio\"", page)
    assert re.search(r'<label class="form-check-label" for="[^"]+">\s*second@example.org', page)
    assert re.search(r"<fieldset[^>]*><legend[^>]*>Your email addresses</legend>", page)
