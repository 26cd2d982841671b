"""Lists keep the page size chosen, invoice numbers never wrap in tables, and every page has a favicon."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.test_billing_services import issue, make_account


@pytest.fixture
def invoices(db):
    return [issue(make_account(f"URN4{n:05d}", f"School {n}"), f"first:{n}") for n in range(55)]


def _selected_page_size(html: str) -> str:
    select = re.search(r'<select name="per_page".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="(\d+)"[^>]*selected', select).group(1)


@pytest.mark.parametrize("query", [{}, {"q": ""}, {"status": "", "sort": "-date"}])
def test_the_page_size_shown_is_the_page_size_listed(client, finance, invoices, query):
    client.force_login(finance)
    response = client.get(reverse("billing:invoice-list"), query)
    shown = _selected_page_size(response.content.decode())
    assert int(shown) == len(response.context["page"]) == 50


def test_a_chosen_page_size_is_kept(client, finance, invoices):
    client.force_login(finance)
    response = client.get(reverse("billing:invoice-list"), {"per_page": "25"})
    assert _selected_page_size(response.content.decode()) == "25" and len(response.context["page"]) == 25


def test_invoice_numbers_never_wrap_in_the_invoice_tables(client, finance, invoices):
    client.force_login(finance)
    html = client.get(reverse("billing:invoice-list")).content.decode()
    number = invoices[-1].display_number
    assert re.search(rf'<td class="text-nowrap"><a [^>]*>{re.escape(number)}</a></td>', html)
    statement = reverse("billing:account-statement", kwargs={"public_id": invoices[-1].account.public_id})
    html = client.get(statement).content.decode()
    assert re.search(rf'<td class="text-nowrap"><a [^>]*>{re.escape(number)}</a></td>', html)


def test_every_page_links_a_favicon_served_from_our_own_static_files(client):
    html = client.get(reverse("account_login")).content.decode()
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert link and link.group(1).endswith("favicon.svg") and "//" not in link.group(1)
    path = finders.find("favicon.svg")
    assert path and "<svg" in Path(path).read_text()
