"""List pages run a fixed number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.accounts.services import set_staff_roles
from tests import factories


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(n, guardian, hub_admin):
    for _ in range(n):
        school = factories.SchoolFactory()
        factories.SchoolContactFactory(school=school)
        child = factories.PupilFactory(school=school, guardians=[guardian])
        factories.EqualityRecordFactory(pupil=child)
        staff = factories.make_staff("Tutor")
        set_staff_roles(user=staff, roles=["Tutor", "Finance"], by=hub_admin)


@pytest.mark.parametrize(
    ("url_name", "who", "limit"),
    [
        ("schools:staff-school-list", "admin", 12),
        ("schools:staff-pupil-list", "admin", 12),
        ("hub:staff-list", "admin", 14),
        ("hub:audit-log", "admin", 12),
        ("hub:family-home", "guardian", 10),
    ],
)
def test_list_pages_have_a_fixed_number_of_queries(
    client, year, guardian, hub_admin, url_name, who, limit, django_assert_max_num_queries
):
    client.force_login(hub_admin if who == "admin" else guardian.user)
    url = reverse(url_name)
    _grow(2, guardian, hub_admin)
    few = _queries(client, url)
    _grow(15, guardian, hub_admin)
    with django_assert_max_num_queries(limit):
        many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with few rows, {many} with many"
