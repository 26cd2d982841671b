"""Reads of schools and pupils, always scoped to the person asking."""

import operator
from functools import reduce

from django.core.paginator import Page
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from hub.models import Guardian, StaffRole, User
from hub.pagination import page_by_ids, page_of, with_total
from schools.models import EqualityRecord, Pupil, School, SchoolContact


def schools_for(user: User, *, with_ordering: bool = False) -> QuerySet[School]:
    """The schools a contact acts for; `with_ordering` marks where they may order (`may_order`)."""
    schools = School.objects.filter(contacts__user=user).select_related("area").distinct()
    if with_ordering:
        ordering = SchoolContact.objects.filter(user=user, school=OuterRef("pk"), can_order=True)
        schools = schools.annotate(may_order=Exists(ordering))
    return schools


def get_school_for(user: User, urn: int) -> School:
    """One of the contact's schools, or 404 whatever the reason; `may_order` says whether they may order
    there, read from the same join (a page of orders or invoices need not read the contact again)."""
    school = (
        School.objects.select_related("area")
        .filter(urn=urn, contacts__user=user)
        .annotate(may_order=F("contacts__can_order"))
        .first()
    )
    if school is None:
        raise Http404("No such school.")
    return school


def contact_for(user: User, school: School) -> SchoolContact | None:
    return SchoolContact.objects.filter(user=user, school=school).first()


def contacts_of(school: School) -> QuerySet[SchoolContact]:
    return school.contacts.select_related("user").order_by("user__last_name", "user__first_name")


def search_schools(*, query: str = "", area: str = "", phase: str = "", status: str = "") -> QuerySet[School]:
    """Staff search of the register by name, URN, area or phase; `as_listed` reads what the list shows."""
    schools = School.objects.all()
    query = query.strip()
    if query.isdigit():
        schools = schools.filter(urn=int(query))
    elif query:
        schools = schools.filter(
            Q(name__icontains=query) | Q(postcode__istartswith=query) | Q(town__icontains=query)
        )
    if area:
        schools = schools.filter(area__slug=area)
    if phase:
        schools = schools.filter(phase=phase)
    if status:
        schools = schools.filter(status=status)
    return schools


def as_listed(schools: QuerySet[School]) -> QuerySet:
    """The schools by name, as the staff's list shows them: plain values with each school's number of
    contacts counted by a subquery (no School model of forty fields a row, no GROUP BY over all of them)."""
    contacts = SchoolContact.objects.filter(school=OuterRef("pk")).order_by().values("school")
    return (
        schools.annotate(contact_count=Coalesce(Subquery(contacts.annotate(n=Count("pk")).values("n")), 0))
        .order_by("name", "pk")  # a county has two schools of a name: each page holds the same ones
        .values_list(
            "urn", "name", "phase", "area__name", "number_on_roll", "status", "contact_count", named=True
        )
    )


def get_school(urn: int) -> School:
    """Any school, for staff."""
    school = School.objects.select_related("area").filter(urn=urn).first()
    if school is None:
        raise Http404("No such school.")
    return school


def children_for(guardian: Guardian) -> QuerySet[Pupil]:
    """The guardian's children for their home page's cards: only what a card shows (a name, a school, a
    year group), not the equality record, nor the school's forty fields from the register."""
    return (
        guardian.children.select_related("school")
        .only(
            "public_id", "first_name", "last_name", "date_of_birth", "school_id", "school__name",
            "other_school_name",
        )
        .order_by("first_name", "last_name")
    )  # fmt: skip


def get_child_for(user: User, public_id) -> Pupil:
    """One of the signed-in guardian's children, or 404."""
    child = (
        Pupil.objects.select_related("school", "equality")
        .filter(public_id=public_id, guardians__user=user)
        .first()
    )
    if child is None:
        raise Http404("No such child.")
    return child


def search_pupils(*, query: str = "") -> QuerySet[Pupil]:
    """Staff search of pupils by name or school: each word in a first name, a last name or the school's
    name. The schools that match are looked up first (one query for every word), so that each word is a
    condition on the pupils alone, which PostgreSQL answers from the names' trigram indexes (a join to the
    schools read every pupil: 17 ms at county scale, not 1)."""
    pupils = Pupil.objects.all()
    words = query.split()
    if not words:
        return pupils.order_by("last_name", "first_name")
    schools = School.objects.filter(reduce(operator.or_, (Q(name__icontains=word) for word in words)))
    named = list(schools.values_list("pk", "name"))
    for word in words:
        found = [pk for pk, name in named if word.upper() in name.upper()]
        pupils = pupils.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(school_id__in=found)
        )
    return pupils.order_by("last_name", "first_name")


# What the staff's list of pupils shows of each: `pupil_rows` writes them.
PUPIL_ROW = (
    "pk",
    "public_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "school__name",
    "other_school_name",
)


def pupil_page(*, query: str, number, per_page: int) -> Page:
    """A page of the staff's pupil search. A search reads its page and its length in one pass over the
    pupils it matches (a count beside it made the pass twice: 70 ms, not 19, at county scale); the whole list
    reads its page's ids from the name index and counts the pupils apart, which is quicker than a pass over
    all (page 300 of the county's pupils: 19 ms when its rows were read with the 15,000 before them). Its
    rows are plain values, for `pupil_rows` to write (no Pupil and School model a row)."""
    pupils = search_pupils(query=query)
    if query.split():
        return page_of(with_total(pupils).values_list(*PUPIL_ROW, "total", named=True), number, per_page)
    return page_by_ids(pupils, number, per_page, shown=pupils.values_list(*PUPIL_ROW, named=True))


def get_pupil(public_id) -> Pupil:
    pupil = (
        Pupil.objects.select_related("school")
        .prefetch_related("guardians__user")
        .filter(public_id=public_id)
        .first()
    )
    if pupil is None:
        raise Http404("No such pupil.")
    return pupil


def can_see_equality(user: User) -> bool:
    """Only the inclusion lead's group, holding the permission, opens equality data.

    The permission given to any other group (say through the back office) opens nothing: equality data goes
    with the inclusion lead's role alone.

    Not has_perm(): that is always true for a superuser, and running the back office is no reason to
    read special category data about children.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    # Read once per request: the navigation and the page both ask.
    if not hasattr(user, "_can_see_equality"):
        allowed = user.groups.filter(
            name=StaffRole.INCLUSION_LEAD,
            permissions__content_type__app_label="schools",
            permissions__codename="view_equalityrecord",
        ).exists()
        setattr(user, "_can_see_equality", allowed)  # noqa: B010 - a per-request cache, not a model field
    return bool(getattr(user, "_can_see_equality"))  # noqa: B009


def equality_for(user: User, pupil: Pupil) -> EqualityRecord | None:
    """The pupil's equality record if the user may read it: their own child's, or staff allowed to."""
    is_own_child = pupil.guardians.filter(user=user).exists()
    if not (is_own_child or can_see_equality(user)):
        return None
    return EqualityRecord.objects.filter(pupil=pupil).first()


def own_child_equality(child: Pupil) -> EqualityRecord | None:
    """The equality record of a child read by get_child_for, which proved them the guardian's own and read
    the record with them: equality_for would check and read both again."""
    try:
        return child.equality
    except EqualityRecord.DoesNotExist:
        return None


def phases() -> list[str]:
    return list(School.objects.exclude(phase="").order_by("phase").values_list("phase", flat=True).distinct())
