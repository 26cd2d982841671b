"""One account page: who you are, and the way to your e-mail, password and two-factor sign-in; and every
account page in sentence case."""

import re

from django.test import Client
from django.urls import reverse

from tests.factories import SchoolContactFactory

ACCOUNT_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/reauthenticate/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]
SIGNED_OUT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
# Two or more words in Title Case inside one label, heading, button or title: "Sign In", "Email Addresses".
TITLE_CASE = re.compile(r"\b(?!Northshire|Music|Hub)[A-Z][a-z]+[ -](?!Northshire|Music|Hub)[A-Z][a-z]+\b")


def _labels(html: str) -> list[str]:
    texts = []
    for tag in ["title", "h1", "h2", "h3", "button", "label", "legend", "a", "th"]:
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S):
            # Separate elements (a badge beside an address) stay apart: "Verified | Primary".
            texts.append(" ".join(re.sub(r"<[^>]+>", " | ", inner).split()))
    return texts


def test_the_menus_account_link_opens_one_page_that_links_email_password_and_two_factor(client, tutor):
    client.force_login(tutor)
    home = client.get(reverse("hub:staff-home")).content.decode()
    assert f'href="{reverse("hub:account")}">Account</a>' in home
    page = client.get(reverse("hub:account")).content.decode()
    assert "<h1" in page and "Your account" in page
    assert tutor.get_full_name() in page and "Tutor" in page
    for name in ["account_email", "account_change_password", "mfa_index"]:
        assert f'href="{reverse(name)}"' in page
    assert "On: you sign in with a code from your authenticator app" in page


def test_the_account_page_names_a_contacts_schools_and_a_parents_family_account(client, guardian, school):
    SchoolContactFactory(user=guardian.user, school=school, role="headteacher")
    client.force_login(guardian.user)
    page = client.get(reverse("hub:account")).content.decode()
    assert "Headteacher at Hillside Primary School" in page
    assert "Parent or carer" in page
    assert f'href="{reverse("hub:guardian-details")}"' in page


def test_account_pages_label_everything_in_sentence_case(client, guardian, tutor):
    found = {}
    visitor = Client()
    for path in SIGNED_OUT_PAGES:
        found[path] = _labels(visitor.get(path).content.decode())
    for user in (guardian.user, tutor):
        client.force_login(user)
        for path in [*ACCOUNT_PAGES, reverse("hub:account")]:
            found[path] = _labels(client.get(path, follow=True).content.decode())
    title_case = {path: [t for t in texts if TITLE_CASE.search(t)] for path, texts in found.items()}
    assert {path: texts for path, texts in title_case.items() if texts} == {}
    assert "Sign in" in found["/accounts/login/"] and "Sign up" in found["/accounts/signup/"]
