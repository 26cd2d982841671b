"""A school contact's home leads straight to what they act on: each school's SLA and invoices."""

from django.urls import reverse

from tests import factories


def test_the_home_links_each_school_where_the_contact_orders_to_its_sla_and_invoices(
    db, client, django_assert_max_num_queries
):
    ordering = factories.SchoolContactFactory(can_order=True)
    viewing = factories.SchoolContactFactory(user=ordering.user, can_order=False)
    for _ in range(3):
        factories.SchoolContactFactory(user=ordering.user, can_order=True)
    client.force_login(ordering.user)
    with django_assert_max_num_queries(8):
        page = client.get("/schools/").content.decode()
    assert reverse("schools:school-sla", args=[ordering.school.urn]) in page
    assert reverse("schools:school-invoice-list", args=[ordering.school.urn]) in page
    assert reverse("schools:school-invoice-list", args=[viewing.school.urn]) not in page
    assert reverse("schools:school-detail", args=[viewing.school.urn]) in page
