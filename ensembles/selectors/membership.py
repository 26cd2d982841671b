"""Reads of an ensemble's members: the roll for a year, a section at a time, in a fixed number of queries;
and one member, for staff who may see the ensemble (another leader's answers 404)."""

from dataclasses import dataclass, field

from django.http import Http404

from ensembles.models import Ensemble, EnsembleSection, Membership
from ensembles.selectors.ensembles import ensembles_for
from hub.models import AcademicYear, User


@dataclass
class RollSection:
    section: EnsembleSection
    members: list[Membership] = field(default_factory=list)
    left: list[Membership] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)


def roll(ensemble: Ensemble, year: AcademicYear) -> list[RollSection]:
    """The ensemble's members for the year by section (its sections prefetched, by name), each by name, those
    who left after those who stay: one query, however many members."""
    sections = {section.pk: RollSection(section) for section in ensemble.sections.all()}
    members = (
        Membership.objects.filter(ensemble=ensemble, academic_year=year)
        .select_related("pupil__school", "instrument", "payer__user")
        .order_by("pupil__last_name", "pupil__first_name", "pk")
    )
    for member in members:
        row = sections.get(member.section_id)
        if row is None:  # a section removed since: members keep it (PROTECT), so this cannot happen
            continue
        (row.members if member.left_on is None else row.left).append(member)
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
