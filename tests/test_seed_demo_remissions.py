"""The demo hub's remissions: categories, the demo parent's approved award and waiting application, and a
queue for the hub admin and finance to decide."""

import pytest

from hub.billing.models import RemissionCategory
from hub.dev.demo import signins
from hub.selectors import current_academic_year
from schools.models import RemissionAward
from tests.test_seed_demo import seed


@pytest.fixture
def small_hub(db, settings):
    settings.DEBUG = True  # seed_demo runs only on a developer's machine
    return seed("--small")


def test_the_demo_parent_has_an_approved_remission_and_an_application_waiting(small_hub, client):
    assert RemissionCategory.objects.filter(is_active=True).count() == 4
    year = current_academic_year()
    awards = RemissionAward.objects.filter(pupil__guardians__user__email=signins.PARENT.email)
    assert {(a.pupil.first_name, a.status, a.academic_year) for a in awards} == {
        ("Ella", "approved", year),
        ("Noah", "pending", year),
    }
    assert RemissionAward.objects.filter(status="pending").count() >= 2
    assert all(a.decided_at and a.decided_by for a in RemissionAward.objects.filter(status="approved"))
    assert "remissions approved" in small_hub and "remission applications" in small_hub
