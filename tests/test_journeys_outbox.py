"""Browser journey: the hub admin finds an e-mail that could not be sent and sends it again."""

import pytest
from playwright.sync_api import expect

from hub.models import OutgoingEmail
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hub_admin_sees_why_an_email_failed_and_sends_it_again(
    page, live_server, mailoutbox, accessible, hub_admin
):
    email = OutgoingEmail.objects.create(
        subject="[Northshire Music Hub] Invoice SLA-2027-00042: Music SLA 2026-27",
        body="Dear Jo Bloggs,\n\nPlease find attached invoice SLA-2027-00042.\n",
        to=["jo@hillside.example.org"],
        status=OutgoingEmail.Status.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused: {'jo@hillside.example.org': (550, b'No such user')}",
    )
    sign_in(page, live_server, hub_admin.email, totp=True)
    expect(page.get_by_role("heading", name="Staff home")).to_be_visible()
    page.get_by_role("link", name="E-mails that could not be sent").click()
    expect(page.get_by_role("heading", name="E-mails that could not be sent")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="jo@hillside.example.org")
    expect(row).to_contain_text("Invoice SLA-2027-00042")
    expect(row).to_contain_text("No such user")
    accessible(page, "failed-emails")

    row.get_by_role("button", name="Send again").click()
    expect(
        page.get_by_text("The e-mail to jo@hillside.example.org is queued to be sent again.")
    ).to_be_visible()
    expect(page.get_by_text("Every e-mail has gone, or is on its way.")).to_be_visible()
    accessible(page, "sent-again")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.to for m in mailoutbox] == [["jo@hillside.example.org"]]
