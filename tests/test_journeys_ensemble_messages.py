"""Browser journey of a leader's message to a section's families: from the ensemble's page, the leader writes
to the Violins' parents and carers (after forgetting the subject), checks how many it goes to, sends it, and
finds it in the ensemble's history of messages. axe checks every page."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from ensembles.models import EnsembleMessage
from tests import factories
from tests.conftest import sign_in
from tests.ensemble_factories import EnsembleFactory, MembershipFactory, SectionFactory
from tests.error_pattern import check_error_pattern
from tests.tuition_factories import academic_year, pin_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_writes_to_a_sections_families_and_sees_it_in_the_history(
    page, live_server, ensemble_leader, monkeypatch
):
    pin_today(monkeypatch, datetime.date(2026, 10, 1))
    academic_year(2026)
    ensemble = EnsembleFactory(name="Brindleton Youth Orchestra", leaders=[ensemble_leader])
    violins = SectionFactory(ensemble=ensemble, name="Violins")
    cellos = SectionFactory(ensemble=ensemble, name="Cellos")
    pat = factories.GuardianFactory(user__email="pat@example.org")
    for name in ("Amira", "Sam"):
        MembershipFactory(section=violins, pupil=factories.PupilFactory(first_name=name, guardians=[pat]))
    kim = factories.GuardianFactory(user__email="kim@example.org")
    MembershipFactory(section=violins, pupil=factories.PupilFactory(guardians=[kim]))
    MembershipFactory(section=cellos, pupil=factories.PupilFactory())

    sign_in(page, live_server, ensemble_leader.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ensembles").click()
    page.get_by_role("link", name="Brindleton Youth Orchestra").click()
    expect(page.get_by_role("heading", name="Brindleton Youth Orchestra", level=1)).to_be_visible()
    expect(page.get_by_text("No message sent yet.")).to_be_visible()
    page.get_by_role("link", name="Message the Violins section's families").click()

    expect(
        page.get_by_role("heading", name="Message the families of Brindleton Youth Orchestra")
    ).to_be_visible()
    expect(page.get_by_label("The Violins section")).to_be_checked()
    page.get_by_label("Message").fill("Please bring your music stands on Saturday.\nThank you!")
    page.get_by_role("button", name="Continue").click()
    check_error_pattern(page, ["Enter a subject."])
    page.get_by_label("Subject").fill("Music stands")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check and send your message", level=1)).to_be_visible()
    expect(page.get_by_text("It goes to 2 parents and carers")).to_be_visible()
    expect(page.get_by_text("the families of 3 current members of the Violins section")).to_be_visible()
    page.get_by_role("button", name="Send the message").click()

    expect(
        page.get_by_text("Your message “Music stands” is on its way to 2 parents and carers.")
    ).to_be_visible()
    history = page.get_by_role(
        "table", name="The messages sent to the families of Brindleton Youth Orchestra"
    )
    row = history.get_by_role("row").filter(has_text="Music stands")
    expect(row).to_contain_text("Violins, Brindleton Youth Orchestra")
    expect(row).to_contain_text("2 parents and carers")
    row.get_by_role("link", name="Music stands").click()
    expect(page.get_by_role("heading", name="Music stands", level=1)).to_be_visible()
    expect(page.get_by_text("Please bring your music stands on Saturday.")).to_be_visible()

    message = EnsembleMessage.objects.get()
    assert message.section == violins and message.sender == ensemble_leader
    # The message's lines come through the confirmation's hidden copy of it as they were written.
    assert message.body.splitlines() == ["Please bring your music stands on Saturday.", "Thank you!"]
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@example.org", "pat@example.org"]
