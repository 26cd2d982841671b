"""What a family is shown for lessons: a lesson type's termly fee for a child, after the remissions the
child holds for that year. The one function that prices fees (hub/billing/remissions.py) does the sums."""

from hub.billing.models import Activity, RemissionCategory
from hub.billing.remissions import PricedFee, price_fee
from schools.models import Pupil
from schools.selectors.remissions import approved_categories
from tuition.models import LessonType


def termly_fee(lesson_type: LessonType, categories: list[RemissionCategory]) -> PricedFee:
    return price_fee(fee=lesson_type.termly_fee, activity=Activity.LESSONS, categories=categories)


def termly_fee_for(pupil: Pupil, lesson_type: LessonType) -> PricedFee:
    """The termly fee for this child, with their remission for the lesson type's year as its own line."""
    return termly_fee(lesson_type, approved_categories(pupil, lesson_type.academic_year))
