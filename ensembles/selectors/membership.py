"""Reads of an ensemble's members: the roll for a year, a section at a time, in a fixed number of queries;
and one member, for staff who may see the ensemble (another leader's answers 404)."""

import uuid
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.http import Http404

from ensembles.models import Ensemble, EnsembleSection, Membership
from ensembles.selectors.ensembles import ensembles_for, shown_name
from hub.models import AcademicYear, User


@dataclass(frozen=True)
class RollMember:
    """A line of the roll, read as plain values, its dates written once (a roll of ninety built three hundred
    model objects, and its template spent a sixth of its time on date filters)."""

    public_id: uuid.UUID
    name: str
    instrument: str
    school: str
    born: str
    payer: str
    joined_on: str
    left_on: str
    leave_reason: str


@dataclass
class RollSection:
    section: EnsembleSection
    members: list[RollMember] = field(default_factory=list)
    left: list[RollMember] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)


def get_roll_ensemble_for(user: User, slug: str) -> Ensemble:
    """One of the user's ensembles (one query; `roll` reads its sections); 404 outside their scope."""
    try:
        return ensembles_for(user).get(slug=slug)
    except Ensemble.DoesNotExist as error:
        raise Http404("No such ensemble.") from error


ROLL_VALUES = (
    "section_id",
    "public_id",
    "pupil__first_name",
    "pupil__last_name",
    "instrument__name",
    "pupil__school__name",
    "pupil__other_school_name",
    "pupil__date_of_birth",
    "payer_name",
    "joined_on",
    "left_on",
    "leave_reason",
)


def roll(ensemble: Ensemble, year: AcademicYear) -> list[RollSection]:
    """The ensemble's members for the year by section (its sections by name), each by name, those who left
    after those who stay: two queries, however many members."""
    # Read here, not prefetched with the ensemble: the same query without the prefetch's machinery.
    in_order = EnsembleSection.objects.filter(ensemble=ensemble).order_by("name", "pk")
    sections = {section.pk: RollSection(section) for section in in_order}
    # The payer's name is looked up a member (by the user's key): joined, PostgreSQL read every guardian of
    # the county to hash them for seventy members.
    payer = User.objects.filter(guardian=OuterRef("payer_id")).order_by().values(name=shown_name())[:1]
    rows = (
        Membership.objects.filter(ensemble=ensemble, academic_year=year)
        .annotate(payer_name=Subquery(payer))
        .order_by("pupil__last_name", "pupil__first_name", "pk")
        .values_list(*ROLL_VALUES)
    )
    for section_id, public_id, first, last, kind, school, other, born, payer_name, joined, left, why in rows:
        row = sections.get(section_id)
        if row is None:  # members keep their section (PROTECT): a section of another ensemble cannot be here
            continue
        member = RollMember(
            public_id=public_id,
            name=f"{first} {last}",
            instrument=kind,
            school=school or other,
            born=f"{born:%d/%m/%Y}",
            payer=payer_name,
            joined_on=f"{joined:%d/%m/%Y}",
            left_on=f"{left:%d/%m/%Y}" if left else "",
            leave_reason=why,
        )
        (row.members if left is None else row.left).append(member)
    return list(sections.values())


def get_member_for(user: User, public_id) -> Membership:
    """A membership of one of the user's ensembles, with its pupil and year; 404 outside their scope."""
    found = (
        Membership.objects.select_related("pupil", "ensemble", "section", "academic_year", "instrument")
        .filter(public_id=public_id, ensemble__in=ensembles_for(user))
        .first()
    )
    if found is None:
        raise Http404("No such member.")
    return found
