"""Which remissions a child holds for an academic year: what lessons, hire and ensembles price fees with."""

from collections import defaultdict
from collections.abc import Iterable

from hub.billing.models import RemissionCategory
from hub.models import AcademicYear
from schools.models import Pupil, RemissionAward


def approved_categories(pupil: Pupil, academic_year: AcademicYear) -> list[RemissionCategory]:
    """The categories of the child's approved awards for that year (an award holds for its year only)."""
    return approved_categories_by_pupil([pupil.pk], academic_year).get(pupil.pk, [])


def approved_categories_by_pupil(
    pupil_ids: Iterable[int], academic_year: AcademicYear
) -> dict[int, list[RemissionCategory]]:
    """For many children at once (a billing run): pupil id -> the categories approved for the year."""
    awards = RemissionAward.objects.filter(
        pupil_id__in=list(pupil_ids),
        academic_year=academic_year,
        status=RemissionAward.Status.APPROVED,
        category__is_active=True,
    ).select_related("category")
    found: dict[int, list[RemissionCategory]] = defaultdict(list)
    for award in awards:
        found[award.pupil_id].append(award.category)
    return dict(found)
