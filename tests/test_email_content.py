"""Every kind of e-mail, rendered and read: it names the hub, greets its reader, and every link is absolute.

The request's host is `testserver`; links must come from SITE_URL instead, because e-mails are written by
workers and jobs, outside any request.
"""

import re
from pathlib import Path

import allauth
import pytest
from django.urls import reverse
from django.utils import timezone

from hub.accounts.services import invite_staff
from hub.mail import render_email, salutation
from schools.services import orders as order_services
from schools.services.invoicing import invoice_for_instalment
from tests import factories
from tests.sla_factories import make_catalogue, make_order

SITE = "https://portal.example.org"
HUB = "Northshire Music Hub"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE
    settings.HUB_NAME = HUB


def read(message) -> str:
    """Check what any reader would notice, and give back the text to check the rest."""
    body = message.body
    assert message.subject.startswith(f"[{HUB}] "), message.subject
    assert "\n" not in message.subject
    assert HUB in body
    for broken in ("Hello from !", "Thank you for using !", " on .", "&#x27;", "&amp;", "&quot;"):
        assert broken not in body, f"{broken!r} in:\n{body}"
    links = re.findall(r"https?://\S+", body)
    for html, mime in getattr(message, "alternatives", []):
        assert mime == "text/html"
        links += re.findall(r'href="([^"]+)"', html)
    assert links, f"no link in:\n{body}"
    assert all(link.startswith(SITE + "/") for link in links), links
    return body


@pytest.fixture
def jo(school):
    return factories.SchoolContactFactory(
        school=school, user__email="jo@hillside.example.org", user__first_name="Jo", user__last_name="Bloggs"
    )


def test_a_parent_registering_gets_a_confirmation_naming_the_hub_with_an_absolute_link(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    data = {
        "email": "new.parent@example.org",
        "first_name": "Sam",
        "last_name": "Lee",
        "password1": "a-long-enough-password",
        "password2": "a-long-enough-password",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), data)
    (message,) = mailoutbox
    body = read(message)
    assert body.startswith("Dear Sam Lee,")
    assert f"register an account in the {HUB} portal" in body
    assert f"{SITE}/accounts/confirm-email/" in body
    assert message.subject == f"[{HUB}] Confirm your e-mail address"


def test_a_password_reset_link_starts_with_the_site_url(
    client, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": guardian.user.email})
    (message,) = mailoutbox
    body = read(message)
    assert body.startswith(f"Dear {guardian.user.get_full_name()},")
    assert f"{SITE}/accounts/password/reset/key/" in body


def test_signing_up_with_a_known_address_tells_its_owner_with_absolute_links(
    client, guardian, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_PREVENT_ENUMERATION = True
    data = {
        "email": guardian.user.email,
        "first_name": "Someone",
        "last_name": "Else",
        "password1": "a-long-enough-password",
        "password2": "a-long-enough-password",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), data)
    (message,) = mailoutbox
    body = read(message)
    assert "There is already an account for it" in body
    assert f"{SITE}/accounts/password/reset/" in body


def test_a_password_reset_for_an_unknown_address_says_so_with_an_absolute_sign_up_link(
    client, db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_PREVENT_ENUMERATION = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    (message,) = mailoutbox
    body = read(message)
    assert body.startswith("Hello,") and f"{SITE}/accounts/signup/" in body


def test_a_staff_invitation_greets_by_name_and_links_to_the_site(
    hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_staff(
            email="ravi@hub.example.org", first_name="Ravi", last_name="Patel", roles=["Tutor"], by=hub_admin
        )
    body = read(mailoutbox[0])
    assert body.startswith("Dear Ravi Patel,")
    assert f"{SITE}/invitations/" in body


def test_someone_who_already_signs_in_gets_a_note_with_an_absolute_sign_in_link(
    hub_admin, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_staff(email=guardian.user.email, first_name="", last_name="", roles=["Tutor"], by=hub_admin)
    body = read(mailoutbox[0])
    assert f"{SITE}/accounts/login/" in body


def test_order_emails_greet_the_contact_by_name_and_show_amounts_as_the_pages_do(
    school, jo, finance, mailoutbox, django_capture_on_commit_callbacks
):
    standard = make_catalogue()
    order = make_order(school=school, standard=standard, lines=[(standard.cpd, 2)])
    with django_capture_on_commit_callbacks(execute=True):
        order_services.submit_order(subscription=order, accepted_by_name="Jo Bloggs", by=jo.user)
        order_services.return_order(subscription=order, comment="One CPD session, please.", by=finance)
    to_school, to_hub, returned = mailoutbox
    for message in (to_school, returned):
        assert read(message).startswith("Dear Jo Bloggs,")
        assert f"{SITE}/schools/{school.urn}/sla/" in message.body
    assert "total £2,882.00" in to_school.body
    assert f"{SITE}/staff/" in read(to_hub)
    assert "One CPD session, please." in returned.body


def test_the_order_approved_email_reads_well(
    school, jo, finance, mailoutbox, django_capture_on_commit_callbacks
):
    standard = make_catalogue()
    order = make_order(school=school, standard=standard, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        order_services.approve_order(subscription=order, by=finance)
    body = read(mailoutbox[0])
    assert body.startswith("Dear Jo Bloggs,") and "is approved" in mailoutbox[0].subject


def test_a_plain_text_email_is_not_html_escaped(jo, finance, mailoutbox, django_capture_on_commit_callbacks):
    school = factories.SchoolFactory(name="St Mary's & St John's C of E Primary")
    factories.SchoolContactFactory(school=school, user__email="head@stmarys.example.org")
    standard = make_catalogue()
    order = make_order(school=school, standard=standard, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        order_services.approve_order(subscription=order, by=finance)
    body = read(mailoutbox[0])
    assert "St Mary's & St John's C of E Primary's SLA order" in body
    html = mailoutbox[0].alternatives[0][0]
    assert "St Mary&#x27;s &amp; St John&#x27;s" in html  # the HTML version is escaped as HTML must be


def test_the_invoice_email_greets_finance_contacts_and_formats_the_amount(
    school, jo, mailoutbox, django_capture_on_commit_callbacks
):
    factories.SchoolContactFactory(school=school, user__first_name="Ann", user__last_name="Lee")
    standard = make_catalogue()
    order = make_order(school=school, standard=standard, status="approved", instalments=1)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_for_instalment(subscription=order, instalment=1, by=None)
    (message,) = mailoutbox
    body = read(message)
    assert body.startswith("Dear Jo Bloggs and Ann Lee,") or body.startswith("Dear Ann Lee and Jo Bloggs,")
    assert f"Amount: £{invoice.total:,.2f}" in body and "," in f"{invoice.total:,.2f}"
    assert f"{SITE}/schools/{school.urn}/invoices/{invoice.public_id}/" in body
    assert message.attachments[0][0] == f"{invoice.display_number}.pdf"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([("Jo", "Bloggs")], "Dear Jo Bloggs,"),
        ([("Jo", "Bloggs"), ("Ann", "Lee"), ("Sam", "Ray")], "Dear Jo Bloggs, Ann Lee and Sam Ray,"),
        ([("", ""), ("Ann", "Lee")], "Dear Ann Lee,"),
        ([("", "")], "Hello,"),
        ([], "Hello,"),
    ],
)
def test_the_salutation_names_everyone_with_a_name_and_falls_back_to_hello(names, expected):
    people = [factories.UserFactory.build(first_name=first, last_name=last) for first, last in names]
    assert salutation(people) == expected


ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
ALLAUTH_EMAILS = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for folder in ("account/email", "mfa/email")
    for path in (ALLAUTH_TEMPLATES / folder).glob("*_subject.txt")
)


@pytest.mark.parametrize("template_prefix", ALLAUTH_EMAILS)
def test_every_allauth_email_names_the_hub_and_has_a_sentence_case_subject(template_prefix):
    context = {
        "greeting": "Dear Sam Lee,",
        "email": "sam@example.org",
        "ip": "203.0.113.9",
        "user_agent": "Firefox",
        "timestamp": timezone.now(),
        "code": "ABC123",
        "activate_url": f"{SITE}/accounts/confirm-email/key/",
        "password_reset_url": f"{SITE}/accounts/password/reset/key/1-key/",
        "signup_url": f"{SITE}/accounts/signup/",
        "from_email": "old@example.org",
        "to_email": "sam@example.org",
        "deleted_email": "old@example.org",
    }
    message = render_email(template_prefix, context, to=["sam@example.org"])
    body = message.body
    assert message.subject.startswith(f"[{HUB}] ") and body.startswith("Dear Sam Lee,")
    assert HUB in body and "Hello from" not in body and "Thank you for using" not in body
    words = message.subject.removeprefix(f"[{HUB}] ").split()
    assert all(word.islower() or not word[0].isalpha() for word in words[1:]), message.subject
    assert all(link.startswith(SITE + "/") for link in re.findall(r"https?://\S+", body))
