"""Delivery against approved orders: what staff may record; bought, delivered and remaining per service."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schools import errors
from schools.models import Delivery
from schools.selectors import delivery as delivery_selectors
from schools.services import delivery as delivery_services
from tests import factories, sla_factories


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue()


@pytest.fixture
def approved(standard, school):
    return sla_factories.make_order(
        school=school, standard=standard, status="approved", lines=[(standard.teaching, "12.5")]
    )


def _record(order, service, by, **overrides):
    values = {
        "subscription": order,
        "service": service,
        "delivered_on": timezone.localdate(),
        "quantity": Decimal("1"),
        "delivered_by": by,
        "by": by,
    }
    return delivery_services.record_delivery(**(values | overrides))


def test_bought_counts_the_package_lines_and_amendments_and_remaining_subtracts_delivery(
    standard, approved, tutor
):
    sla_factories.SubscriptionLineFactory(
        subscription=approved, service=standard.teaching, quantity=Decimal("-2.5"), amendment=1
    )
    _record(approved, standard.teaching, tutor, quantity=Decimal("6"))
    _record(approved, standard.teaching, tutor, quantity=Decimal("1.5"))
    _record(approved, standard.wcet, tutor, class_name="Year 4 Oak", pupils_reached=28)
    with CaptureQueriesContext(connection) as ctx:
        usage = {
            row.service.code: (row.bought, row.delivered, row.remaining)
            for row in delivery_selectors.usage_for(approved)
        }
    assert len(ctx.captured_queries) == 1
    assert usage == {
        # 40 from Silver + 12.5 extra - 2.5 amended away
        "instrumental": (Decimal("50.00"), Decimal("7.50"), Decimal("42.50")),
        "wcet": (Decimal("1.00"), Decimal("1.00"), Decimal("0.00")),
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"delivered_on": timezone.localdate() + datetime.timedelta(days=1)}, "future"),
        ({"delivered_on": datetime.date(2000, 1, 1)}, "outside the order's financial year"),
        ({"quantity": Decimal("0")}, "more than zero"),
        ({"quantity": Decimal("-1")}, "more than zero"),
    ],
)
def test_delivery_is_refused_on_bad_dates_and_quantities(standard, approved, tutor, overrides, message):
    with pytest.raises(errors.SlaError, match=message):
        _record(approved, standard.teaching, tutor, **overrides)
    assert not Delivery.objects.exists()


def test_delivery_must_be_of_a_service_the_order_includes_by_a_tutor_on_an_approved_order(
    standard, approved, school, tutor, finance
):
    with pytest.raises(errors.SlaError, match="does not include"):
        _record(approved, standard.cpd, tutor)
    with pytest.raises(errors.SlaError, match="tutor"):
        _record(approved, standard.teaching, finance, delivered_by=finance)
    draft = sla_factories.make_order(school=factories.SchoolFactory(), standard=standard)
    with pytest.raises(errors.SlaError, match="approved orders only"):
        _record(draft, standard.teaching, tutor)


def test_class_teaching_needs_the_class_and_the_pupils_reached(standard, approved, tutor):
    with pytest.raises(errors.SlaError, match="give the class"):
        _record(approved, standard.wcet, tutor, pupils_reached=30)
    with pytest.raises(errors.SlaError, match="pupils reached"):
        _record(approved, standard.wcet, tutor, class_name="Year 4 Oak")
    delivery = _record(approved, standard.wcet, tutor, class_name=" Year 4 Oak ", pupils_reached=30)
    assert delivery.class_name == "Year 4 Oak"


def test_a_tutor_records_delivery_through_the_page_with_errors_next_to_the_fields(
    client, standard, approved, tutor
):
    client.force_login(tutor)
    url = reverse("schools:delivery-add", kwargs={"public_id": approved.public_id})
    page = client.get(url).content.decode()
    assert "CPD session" not in page  # not on the order, so not offered
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    bad = client.post(
        url,
        {
            "delivered_on": tomorrow.isoformat(),
            "service": standard.wcet.pk,
            "quantity": "-1",
            "delivered_by": tutor.pk,
        },
    ).content.decode()
    assert "The date cannot be in the future." in bad
    assert "The quantity must be more than zero." in bad
    assert "Whole-class ensemble teaching is class teaching: give the class." in bad
    response = client.post(
        url,
        {
            "delivered_on": timezone.localdate().isoformat(),
            "service": standard.teaching.pk,
            "quantity": "2",
            "delivered_by": tutor.pk,
        },
        follow=True,
    )
    assert "Recorded: 2 Instrumental teaching on " in response.content.decode()
    assert Delivery.objects.get().recorded_by == tutor


def test_every_contact_of_the_school_sees_usage_in_a_fixed_number_of_queries(
    client, standard, approved, school, tutor
):
    contact = factories.SchoolContactFactory(school=school, can_order=False)
    client.force_login(contact.user)
    url = reverse("schools:order-usage", kwargs={"urn": school.urn, "public_id": approved.public_id})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    _record(approved, standard.teaching, tutor)
    few, _ = count()
    for day in range(1, 15):
        _record(
            approved,
            standard.teaching,
            tutor,
            delivered_on=timezone.localdate() - datetime.timedelta(days=day),
        )
        _record(
            approved,
            standard.wcet,
            tutor,
            quantity=Decimal("0.1"),
            class_name=f"Class {day}",
            pupils_reached=20 + day,
        )
    many, html = count()
    assert many == few <= 10
    assert "Instrumental teaching" in html and "Class 14" in html
    assert "£" not in html
    # 52.5 bought (40 in Silver + 12.5 extra), 15 delivered, 37.5 remaining; class teaching is over.
    assert '<td class="text-end">52.50</td><td class="text-end">15</td>' in html
    assert '<td class="text-end">37.50</td>' in html
    assert '<td class="text-end">0 <span class="badge text-bg-warning">over by 0.40</span></td>' in html


def test_a_contact_of_another_school_cannot_see_the_usage(client, approved, other_contact):
    client.force_login(other_contact.user)
    url = reverse("schools:order-usage", kwargs={"urn": approved.school.urn, "public_id": approved.public_id})
    assert client.get(url).status_code == 404
    cross = reverse(
        "schools:order-usage", kwargs={"urn": other_contact.school.urn, "public_id": approved.public_id}
    )
    assert client.get(cross).status_code == 404
