"""The SLA agreement is kept as a PDF when the order is submitted (and again when it is approved, since it
then records the approval); a download serves the kept file and never draws one."""

import datetime
import os
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.documents import is_stored, keep_rendering
from schools import agreement
from schools.models import Subscription
from schools.services import orders as order_services
from schools.tasks import render_agreement_pdf, sweep_agreement_pdfs
from tests import sla_factories
from tests.test_billing_documents import pdf_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue()


@pytest.fixture
def draft(standard, school):
    return sla_factories.make_order(school=school, standard=standard, lines=[(standard.cpd, 2)])


def _submit(order, contact, capture) -> Subscription:
    with capture(execute=True):
        order = order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)
    order.refresh_from_db()
    return order


def _kept_words(order: Subscription) -> str:
    with order.agreement_pdf.open("rb") as kept:
        return pdf_words(kept.read())


def test_submitting_an_order_keeps_its_agreement_as_submitted(
    draft, contact, django_capture_on_commit_callbacks
):
    assert not draft.agreement_pdf
    order = _submit(draft, contact, django_capture_on_commit_callbacks)
    year = order.catalogue.financial_year
    assert order.agreement_pdf.name == f"agreements/{year}/SLA-{year}-{order.school.urn}.pdf"
    text = _kept_words(order)
    assert "Service Level Agreement" in text and "Submitted" in text
    assert "Terms accepted on behalf of Hillside Primary School by Jo Bursar" in text
    assert "£2,882.00" in text and "Approved by" not in text


def test_approval_keeps_the_agreement_again_with_the_approval_and_drops_the_old_file(
    draft, contact, finance, django_capture_on_commit_callbacks
):
    order = _submit(draft, contact, django_capture_on_commit_callbacks)
    submitted_file = order.agreement_pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        order_services.approve_order(subscription=order, by=finance)
    order.refresh_from_db()
    assert "Approved by" in _kept_words(order)
    folder = order.agreement_pdf.storage.path(submitted_file).rsplit("/", 1)[0]
    assert os.listdir(folder) == [order.agreement_pdf.name.rsplit("/", 1)[1]]  # the submitted one is gone


def test_an_amendment_leaves_the_kept_agreement_as_agreed(
    standard, draft, contact, finance, django_capture_on_commit_callbacks
):
    order = _submit(draft, contact, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        order = order_services.approve_order(subscription=order, by=finance)
    order.refresh_from_db()
    approved_file = order.agreement_pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        order_services.amend_order(
            subscription=order, service=standard.teaching, quantity=Decimal(10), by=finance
        )
    order.refresh_from_db()
    assert order.agreement_pdf.name == approved_file


def test_a_returned_order_has_no_agreement_until_it_is_submitted_again(
    draft, contact, finance, django_capture_on_commit_callbacks
):
    order = _submit(draft, contact, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        order_services.return_order(subscription=order, comment="Add the CPD dates", by=finance)
    order.refresh_from_db()
    assert not order.agreement_pdf
    render_agreement_pdf(order.pk)  # a late or repeated task draws nothing for an order not agreed
    order.refresh_from_db()
    assert not order.agreement_pdf


def test_a_rendering_of_an_order_decided_meanwhile_is_thrown_away(
    draft, contact, finance, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        order = order_services.submit_order(subscription=draft, accepted_by_name="Jo Bursar", by=contact.user)
    real = agreement.agreement_pdf

    def approved_while_drawing(subscription):
        data = real(subscription)
        order_services.approve_order(subscription=subscription, by=finance)
        return data

    monkeypatch.setattr(agreement, "agreement_pdf", approved_while_drawing)
    assert not agreement.store_agreement_pdf(subscription_id=order.pk)
    order.refresh_from_db()
    assert not order.agreement_pdf


def test_the_agreement_download_serves_the_kept_file_and_draws_nothing(
    client, draft, contact, finance, monkeypatch
):
    order = draft
    Subscription.objects.filter(pk=order.pk).update(
        status="submitted",
        accepted_by_name="Jo Bursar",
        accepted_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    order.refresh_from_db()
    keep_rendering(order, "agreement_pdf", filename="a.pdf", data=b"%PDF-1.7 the agreement as kept")
    monkeypatch.setattr("schools.agreement.render_pdf", lambda *a, **k: pytest.fail("drawn"))
    client.force_login(contact.user)
    school_url = reverse(
        "schools:order-agreement", kwargs={"urn": order.school.urn, "public_id": order.public_id}
    )
    response = client.get(school_url)
    assert response.content == b"%PDF-1.7 the agreement as kept"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="SLA-{order.catalogue.financial_year}-{order.school.urn}.pdf"'
    )
    client.force_login(finance)
    staff = client.get(reverse("schools:order-agreement-staff", kwargs={"public_id": order.public_id}))
    assert staff.content == b"%PDF-1.7 the agreement as kept"


def test_a_missing_agreement_is_being_prepared_and_queued_again(
    client, draft, contact, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        order = order_services.submit_order(subscription=draft, accepted_by_name="Jo Bursar", by=contact.user)
    monkeypatch.setattr("schools.agreement.render_pdf", lambda *a, **k: pytest.fail("drawn in the request"))
    client.force_login(contact.user)
    url = reverse("schools:order-agreement", kwargs={"urn": order.school.urn, "public_id": order.public_id})
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(url)
    assert response.status_code == 202
    page = response.content.decode()
    assert f"The SLA agreement {order.catalogue.financial_year} is being prepared" in page
    assert "Try the download again" in page and "Back to the order" in page
    assert len(queued) == 1


def test_a_draft_has_no_agreement_to_download_and_says_so(client, draft, contact):
    client.force_login(contact.user)
    url = reverse("schools:order-agreement", kwargs={"urn": draft.school.urn, "public_id": draft.public_id})
    response = client.get(url)
    assert response.status_code == 200
    assert "is kept as a PDF once the order is submitted" in response.content.decode()
    order_page = client.get(
        reverse("schools:order-view", kwargs={"urn": draft.school.urn, "public_id": draft.public_id})
    )
    assert "Download the agreement" not in order_page.content.decode()


def test_beat_sweeps_up_agreements_left_without_a_pdf(
    draft, contact, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        order = order_services.submit_order(subscription=draft, accepted_by_name="Jo Bursar", by=contact.user)
    queued = []
    monkeypatch.setattr(agreement, "send_to_worker", lambda task, pk: queued.append((task, pk)) or True)
    assert sweep_agreement_pdfs() == 0  # just submitted: its own task is on the way
    Subscription.objects.filter(pk=order.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert sweep_agreement_pdfs() == 1
    assert queued == [("schools.tasks.render_agreement_pdf", order.pk)]
    agreement.store_agreement_pdf(subscription_id=order.pk)
    order.refresh_from_db()
    assert is_stored(order.agreement_pdf) and sweep_agreement_pdfs() == 0
