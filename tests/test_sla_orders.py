"""Schools' SLA orders: totals, the order form's bad input, one order a year, submitting once, e-mails."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from hub.models import AuditEvent
from schools import errors, pricing
from schools.models import Subscription
from schools.pricing import instalment_plan, price_line, sum_lines
from schools.services import orders as order_services
from tests import sla_factories
from tests.conftest import ensure_staff_groups
from tests.error_pattern import field_error_html
from tests.factories import SchoolContactFactory


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue()


def _post_order(*, package=None, lines=(), instalments=3, extra=None):
    data = {
        "package": str(package.pk) if package else "",
        "instalments": str(instalments),
        "lines-TOTAL_FORMS": str(max(len(lines), 1)),
        "lines-INITIAL_FORMS": "0",
    }
    for index, (service, quantity) in enumerate(lines):
        data[f"lines-{index}-service"] = str(service.pk) if service else ""
        data[f"lines-{index}-quantity"] = quantity
    return data | (extra or {})


# --- Amounts ------------------------------------------------------------------------------------------------


def test_order_totals_add_the_package_and_lines_with_vat_on_each_line(standard):
    totals = pricing.order_totals(
        package=standard.silver, lines=[(standard.teaching, Decimal("7.5")), (standard.cpd, Decimal("3"))]
    )
    assert [line.net for line in totals.lines] == [Decimal("2450.00"), Decimal("326.25"), Decimal("540.00")]
    assert [line.vat for line in totals.lines] == [Decimal("0.00"), Decimal("0.00"), Decimal("108.00")]
    assert (totals.net, totals.vat, totals.total) == (
        Decimal("3316.25"),
        Decimal("108.00"),
        Decimal("3424.25"),
    )


def test_saved_order_totals_use_the_copied_prices_not_the_catalogues(standard, school, contact):
    order = order_services.create_order(
        school=school,
        catalogue=standard.catalogue,
        package=standard.silver,
        lines=[(standard.cpd, Decimal("1"))],
        instalments=3,
        by=contact.user,
    )
    standard.cpd.unit_price = Decimal("999")
    standard.cpd.save()
    order.refresh_from_db()
    assert pricing.subscription_totals(order).total == Decimal("2450.00") + Decimal("216.00")


@pytest.mark.parametrize("total", ["100.00", "100.01", "100.02", "0.01", "3424.25", "2450.00"])
def test_instalments_add_up_to_the_total_exactly(total):
    totals = sum_lines(
        [price_line(description="x", quantity=None, unit_price=Decimal(total), vat_rate=Decimal(0))]
    )
    amounts = [instalment.total for instalment in instalment_plan(totals, 3)]
    assert len(amounts) == 3
    assert sum(amounts) == Decimal(total)
    assert max(amounts) - min(amounts) <= Decimal("0.01")
    assert [i.total for i in instalment_plan(totals, 1)] == [Decimal(total)]


# --- Rules of an order --------------------------------------------------------------------------------------


def test_a_second_order_for_the_same_school_and_year_is_refused(standard, school, contact):
    order = {
        "school": school,
        "catalogue": standard.catalogue,
        "package": standard.silver,
        "lines": [],
        "instalments": 1,
    }
    order_services.create_order(**order, by=contact.user)
    with pytest.raises(errors.SlaError, match="already has an order .* Open the existing order"):
        order_services.create_order(**order, by=contact.user)
    assert Subscription.objects.filter(school=school).count() == 1


def test_an_order_needs_a_package_or_a_line_and_each_service_once(standard, school, contact):
    base = {"school": school, "catalogue": standard.catalogue, "instalments": 3, "by": contact.user}
    with pytest.raises(errors.SlaError, match="package or add at least one service"):
        order_services.create_order(**base, package=None, lines=[])
    with pytest.raises(errors.SlaError, match="once"):
        order_services.create_order(
            **base, package=None, lines=[(standard.cpd, Decimal(1)), (standard.cpd, Decimal(2))]
        )
    with pytest.raises(errors.SlaError, match="more than zero"):
        order_services.create_order(**base, package=None, lines=[(standard.cpd, Decimal(-1))])


def test_orders_are_refused_after_the_deadline_or_before_publishing(school, contact):
    closed = sla_factories.make_catalogue(order_deadline=datetime.date.today() - datetime.timedelta(days=1))
    with pytest.raises(errors.SlaError, match="not open for orders"):
        order_services.create_order(
            school=school,
            catalogue=closed.catalogue,
            package=closed.silver,
            lines=[],
            instalments=1,
            by=contact.user,
        )


def test_a_submitted_order_cannot_be_changed_until_finance_returns_it(standard, school, contact, finance):
    order = sla_factories.make_order(school=school, standard=standard)
    order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)
    change = {"package": None, "lines": [(standard.cpd, Decimal(1))], "instalments": 1, "by": contact.user}
    with pytest.raises(errors.SlaError, match="cannot be changed"):
        order_services.update_order(subscription=order, **change)
    with pytest.raises(errors.SlaError, match="Say why"):
        order_services.return_order(subscription=order, comment="  ", by=finance)
    order_services.return_order(
        subscription=order, comment="Please add CPD instead of the package.", by=finance
    )
    order = order_services.update_order(subscription=order, **change)
    assert order.package is None and order.instalments == 1
    order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)
    order.refresh_from_db()
    assert order.status == Subscription.Status.SUBMITTED
    assert order.return_comment == ""
    statuses = [
        e.changes["status"][1]
        for e in AuditEvent.objects.filter(object_id=str(order.pk)).order_by("id")
        if "status" in e.changes
    ]
    assert statuses == ["submitted", "returned", "submitted"]


def test_submitting_records_who_accepted_the_terms_and_when(standard, school, contact):
    order = sla_factories.make_order(school=school, standard=standard)
    with pytest.raises(errors.SlaError, match="Type your name"):
        order_services.submit_order(subscription=order, accepted_by_name=" ", by=contact.user)
    order_services.submit_order(subscription=order, accepted_by_name=" Jo Bursar ", by=contact.user)
    order.refresh_from_db()
    assert order.accepted_by_name == "Jo Bursar"
    assert order.accepted_by == contact.user
    assert order.accepted_at is not None and order.submitted_at == order.accepted_at
    with pytest.raises(errors.SlaError, match="already been submitted"):
        order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_submit_submits_once():
    ensure_staff_groups()
    standard = sla_factories.make_catalogue()
    contact = SchoolContactFactory()
    order = sla_factories.make_order(school=contact.school, standard=standard)
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            order_services.submit_order(
                subscription=Subscription.objects.get(pk=order.pk), accepted_by_name="Jo", by=contact.user
            )
            outcomes.append("submitted")
        except errors.SlaError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["This order has already been submitted.", "submitted"]
    assert Subscription.objects.get(pk=order.pk).status == Subscription.Status.SUBMITTED
    submitted_events = [
        e
        for e in AuditEvent.objects.filter(object_id=str(order.pk))
        if e.changes.get("status", [0, 0])[1] == "submitted"
    ]
    assert len(submitted_events) == 1


# --- The order form -----------------------------------------------------------------------------------------


def _create_url(school, standard):
    return reverse(
        "schools:order-create", kwargs={"urn": school.urn, "year": standard.catalogue.financial_year.name}
    )


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("-2", "The quantity must be more than zero."),
        ("0", "The quantity must be more than zero."),
        ("lots", "Enter a number."),
        ("", "Give a quantity."),
    ],
)
def test_bad_quantities_are_shown_next_to_their_row(client, standard, school, contact, quantity, message):
    client.force_login(contact.user)
    response = client.post(
        _create_url(school, standard), _post_order(package=standard.silver, lines=[(standard.cpd, quantity)])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error_html("id_lines-0-quantity", message) in html
    assert 'aria-describedby="id_lines-0-quantity_error" aria-invalid="true"' in html
    assert not Subscription.objects.exists()


def test_the_same_service_twice_and_an_empty_order_are_refused(client, standard, school, contact):
    client.force_login(contact.user)
    twice = client.post(
        _create_url(school, standard), _post_order(lines=[(standard.cpd, "1"), (standard.cpd, "2")])
    )
    assert "CPD session is already on another line" in twice.content.decode()
    empty = client.post(_create_url(school, standard), _post_order())
    assert "Choose a package or add at least one service." in empty.content.decode()
    assert not Subscription.objects.exists()


def test_a_contact_builds_saves_and_submits_an_order(
    client, standard, school, contact, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(contact.user)
    response = client.post(
        _create_url(school, standard), _post_order(package=standard.silver, lines=[(standard.cpd, "2")])
    )
    order = Subscription.objects.get(school=school)
    assert response.url == reverse(
        "schools:order-submit", kwargs={"urn": school.urn, "public_id": order.public_id}
    )
    assert order.status == Subscription.Status.DRAFT and order.package_price == Decimal("2450.00")
    # Going back to "start an order" opens the existing one.
    again = client.get(_create_url(school, standard))
    assert again.url == reverse(
        "schools:order-view", kwargs={"urn": school.urn, "public_id": order.public_id}
    )

    review = client.get(response.url)
    assert "I accept the terms on behalf of the school" in review.content.decode()
    assert "Sessions the school cancels" in review.content.decode()
    refused = client.post(response.url, {"name": "Jo Bursar"})
    assert "Tick the box to accept the terms." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response.url, {"accept": "on", "name": "Jo Bursar"})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.status == Subscription.Status.SUBMITTED and order.accepted_by_name == "Jo Bursar"

    to_school = next(m for m in mailoutbox if contact.user.email in m.to)
    assert "submitted" in to_school.subject
    assert "Jo Bursar has submitted Hillside Primary School's SLA order" in to_school.body
    assert "Silver package: £2,450.00" in to_school.body
    assert "2 × CPD session: £360.00 + VAT £72.00" in to_school.body
    assert "total £2,882.00" in to_school.body
    assert "£960.67, £960.67, £960.66" in to_school.body
    to_hub = next(m for m in mailoutbox if "office@music-hub.example" in m.to)
    assert f"/staff/sla/orders/{order.public_id}/" in to_hub.body
    # Submitted: the school can no longer edit it.
    edit = client.get(reverse("schools:order-edit", kwargs={"urn": school.urn, "public_id": order.public_id}))
    assert edit.status_code == 302


def test_only_ordering_contacts_get_the_submitted_copy(
    standard, school, contact, mailoutbox, django_capture_on_commit_callbacks
):
    SchoolContactFactory(school=school, can_order=False, user__email="music.lead@hillside.example.org")
    order = sla_factories.make_order(school=school, standard=standard)
    with django_capture_on_commit_callbacks(execute=True):
        order_services.submit_order(subscription=order, accepted_by_name="Jo", by=contact.user)
    recipients = {address for message in mailoutbox for address in message.to}
    assert recipients == {contact.user.email, "office@music-hub.example"}


def test_the_running_total_is_rendered_from_what_is_typed_without_saving(client, standard, school, contact):
    client.force_login(contact.user)
    url = reverse(
        "schools:order-totals", kwargs={"urn": school.urn, "year": standard.catalogue.financial_year.name}
    )
    response = client.post(
        url,
        _post_order(package=standard.silver, lines=[(standard.cpd, "2"), (standard.teaching, "nonsense")]),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert '<strong data-testid="order-total">£2,882.00</strong>' in html
    assert not Subscription.objects.exists()


def test_add_another_line_keeps_what_was_typed_and_adds_a_row(client, standard, school, contact):
    client.force_login(contact.user)
    response = client.post(
        _create_url(school, standard),
        _post_order(package=standard.silver, lines=[(standard.cpd, "2")], extra={"add_line": "1"}),
    )
    html = response.content.decode()
    assert 'name="lines-TOTAL_FORMS" value="2"' in html
    assert 'id="id_lines-0-quantity" value="2"' in html
    assert f'value="{standard.cpd.pk}" selected' in html
    assert not Subscription.objects.exists()


def test_a_returned_order_shows_the_comment_and_can_be_changed(client, standard, school, contact, finance):
    order = sla_factories.make_order(school=school, standard=standard, status="submitted")
    order_services.return_order(subscription=order, comment="Wrong package", by=finance)
    client.force_login(contact.user)
    url = reverse("schools:order-edit", kwargs={"urn": school.urn, "public_id": order.public_id})
    page = client.get(url)
    assert "Wrong package" in page.content.decode()
    response = client.post(url, _post_order(lines=[(standard.teaching, "12.5")], instalments=1))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.package is None
    assert [(line.service, line.quantity) for line in order.lines.all()] == [
        (standard.teaching, Decimal("12.50"))
    ]
