"""Which remissions a child holds for an academic year: what lessons, hire and ensembles price fees with."""

from collections import defaultdict
from collections.abc import Iterable

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hub.billing.models import RemissionCategory
from hub.models import AcademicYear
from hub.pagination import page_of, with_total
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


# --- The staff's pages and the family's ------------------------------------------------------------------


def categories() -> QuerySet[RemissionCategory]:
    """Every category, for staff, with how many applications wait and how many are approved (any year)."""
    return RemissionCategory.objects.annotate(
        pending=Count("awards", filter=Q(awards__status=RemissionAward.Status.PENDING)),
        approved=Count("awards", filter=Q(awards__status=RemissionAward.Status.APPROVED)),
    ).order_by("-is_active", "name")


def get_category(pk: int) -> RemissionCategory:
    category = RemissionCategory.objects.filter(pk=pk).first()
    if category is None:
        raise Http404("No such remission category.")
    return category


def open_categories() -> QuerySet[RemissionCategory]:
    """The categories a family may apply for."""
    return RemissionCategory.objects.filter(is_active=True).order_by("name")


def years_open_for_applications() -> list[AcademicYear]:
    """The academic year today falls in, and the next once the hub has set it up; never one that ended."""
    return list(AcademicYear.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")[:2])


def awards_by_child(pupil_ids: Iterable[int]) -> dict[int, list[RemissionAward]]:
    """A family's children's awards and applications, newest year first (one query for them all)."""
    awards = (
        RemissionAward.objects.filter(pupil_id__in=list(pupil_ids))
        .select_related("category", "academic_year")
        .only("pupil_id", "status", "decision_note", "category__name", "academic_year__name")
        .order_by("-academic_year__starts_on", "category__name")
    )
    found: dict[int, list[RemissionAward]] = defaultdict(list)
    for award in awards:
        found[award.pupil_id].append(award)
    return dict(found)


# What the queue shows of each application: `award_queue_page` reads them.
QUEUE_SHOWN = (
    "public_id", "status", "applied_at", "applied_by", "applied_by__first_name", "applied_by__last_name",
    "applied_by__email", "pupil__first_name", "pupil__last_name", "pupil__school__name",
    "pupil__other_school_name", "category__name", "academic_year__name",
)  # fmt: skip


def award_queue_page(*, status: str = RemissionAward.Status.PENDING, number, per_page: int) -> Page:
    """The page `number` of the applications with a status (waiting ones by default), oldest first (first
    come, first decided), with how many there are, in one query of the plain values the queue shows: fifty
    applications with their children, schools, categories, years and applicants as models took longer to
    build than the page to draw."""
    awards = RemissionAward.objects.order_by("applied_at", "pk")
    if status:
        awards = awards.filter(status=status)
    return page_of(with_total(awards).values_list(*QUEUE_SHOWN, "total", named=True), number, per_page)


def get_award(public_id) -> RemissionAward:
    """Any application, for staff who decide them."""
    award = (
        RemissionAward.objects.select_related("pupil__school", "category", "academic_year", "applied_by")
        .select_related("decided_by")
        .filter(public_id=public_id)
        .first()
    )
    if award is None:
        raise Http404("No such application.")
    return award
