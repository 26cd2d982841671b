"""A member of staff's safeguarding (DBS) check is renewed three years on, whatever the date it was done."""

import datetime

from django.urls import reverse

from hub.models import StaffProfile, StaffRole
from tests.factories import make_staff


def test_a_check_on_29_february_is_renewed_on_28_february_three_years_on():
    profile = StaffProfile(dbs_checked_on=datetime.date(2024, 2, 29))
    assert profile.safeguarding_renewal_due == datetime.date(2027, 2, 28)


def test_a_check_on_an_ordinary_day_is_renewed_on_the_same_day_three_years_on():
    assert StaffProfile(dbs_checked_on=datetime.date(2025, 6, 3)).safeguarding_renewal_due == datetime.date(
        2028, 6, 3
    )
    assert StaffProfile(dbs_checked_on=None).safeguarding_renewal_due is None


def test_staff_home_shows_a_tutor_checked_on_29_february_when_to_renew(client, staff_groups):
    tutor = make_staff(StaffRole.TUTOR)
    StaffProfile.objects.filter(user=tutor).update(dbs_checked_on=datetime.date(2024, 2, 29))
    client.force_login(tutor)
    response = client.get(reverse("hub:staff-home"))
    assert response.status_code == 200
    assert "renew by 28 February 2027" in response.content.decode()
