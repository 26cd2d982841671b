"""Counts and figures of a thousand or more read with a thousands separator ("19,941 pupils found")."""

import datetime
import uuid

from django.urls import reverse

from hub.models import StaffRole
from schools.models import Pupil
from schools.views.register_import import _count
from tests.factories import SchoolFactory, make_staff


def test_the_pupil_search_counts_with_a_thousands_separator(client, staff_groups):
    school = SchoolFactory()
    born = datetime.date(2016, 3, 1)
    Pupil.objects.bulk_create(
        Pupil(public_id=uuid.uuid4(), first_name="Ann", last_name=f"L{n}", date_of_birth=born, school=school)
        for n in range(1_234)
    )
    client.force_login(make_staff(StaffRole.HUB_ADMIN))
    page = client.get(reverse("schools:staff-pupil-list")).content.decode()
    assert "1,234 pupils found" in page


def test_a_school_roll_reads_with_a_thousands_separator(client, staff_groups):
    school = SchoolFactory(number_on_roll=1_104, boys=560, girls=544)
    client.force_login(make_staff(StaffRole.HUB_ADMIN))
    listing = client.get(reverse("schools:staff-school-list"), {"q": school.name}).content.decode()
    assert "1,104" in listing
    detail = client.get(reverse("schools:staff-school-detail", args=[school.urn])).content.decode()
    assert "1,104 (560 boys, 544 girls)" in detail


def test_messages_count_with_a_thousands_separator():
    assert _count(1_234, "school") == "1,234 schools"
    assert _count(1, "district") == "1 district"
