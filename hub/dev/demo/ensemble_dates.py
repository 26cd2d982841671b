"""The demo ensembles' year of dates: every ensemble's weekly rehearsals in each term of this academic year
(from the calendar, skipping half terms and closures), a winter and a summer concert for the first ten, and
one of the demo parent's children in one of the demo leader's ensembles, so that the family's home and its
calendar feed have rehearsals to show. Written in bulk, once: a re-run finds rehearsals and adds nothing."""

import datetime

from ensembles.models import Ensemble, EnsembleSection, Membership, Rehearsal
from ensembles.selectors.ensembles import led_by
from hub.calendar import academic_start_year, terms_with_teaching_days
from hub.dev.demo import signins
from hub.models import AcademicYear, Guardian, Term, User
from instruments.models import Hire
from tuition.models import Enrolment

CONCERTS = 10  # the first ensembles (the county's, at county scale) give a winter and a summer concert


def create_rehearsals(*, today: datetime.date) -> dict[str, int]:
    """This academic year's rehearsals and concerts for every ensemble, unless there are some, and the demo
    family's member, unless they have one; counts to print."""
    year = AcademicYear.objects.filter(starts_on__year=academic_start_year(today)).first()
    if year is None:
        return {}
    return _dates(year) | _demo_membership(year)


def _dates(year: AcademicYear) -> dict[str, int]:
    if Rehearsal.objects.exists() or not Ensemble.objects.exists():
        return {}
    terms = terms_with_teaching_days(Term.objects.filter(academic_year=year).order_by("starts_on"))
    ensembles = list(Ensemble.objects.order_by("pk"))
    rows = [
        Rehearsal(
            ensemble=ensemble,
            date=day,
            starts_at=ensemble.starts_at,
            ends_at=ensemble.ends_at,
            venue=ensemble.venue,
        )
        for ensemble in ensembles
        for _, days in terms
        for day in days[ensemble.rehearsal_weekday]
    ]
    concerts = [
        concert for ensemble in ensembles[:CONCERTS] for concert in _concerts(ensemble, [t for t, _ in terms])
    ]
    Rehearsal.objects.bulk_create(rows + concerts, batch_size=2000)
    return {"rehearsals": len(rows), "concerts": len(concerts)}


def _concerts(ensemble: Ensemble, terms: list[Term]) -> list[Rehearsal]:
    """A winter concert on the autumn term's last Friday evening, a summer one on the summer term's."""
    found = []
    for term, title in ((terms[0], "Winter concert"), (terms[-1], "Summer concert")):
        day = term.ends_on - datetime.timedelta(days=(term.ends_on.weekday() - 4) % 7)
        found.append(
            Rehearsal(
                ensemble=ensemble,
                kind=Rehearsal.Kind.CONCERT,
                title=title,
                date=day,
                starts_at=datetime.time(19, 0),
                ends_at=datetime.time(21, 0),
                venue="Brindleton Town Hall",
            )
        )
    return found


def _demo_membership(year: AcademicYear) -> dict[str, int]:
    """One of the demo parent's children plays in one of the demo leader's ensembles, the eldest in the
    first that takes their age, in the section for an instrument they learn or hire; none if one already
    plays (another part of the demo may have placed them)."""
    parent = Guardian.objects.filter(user__email=signins.PARENT.email).first()
    leader = User.objects.filter(email=signins.ENSEMBLES.email).first()
    if parent is None or leader is None:
        return {}
    if Membership.objects.filter(pupil__guardians=parent).exists():
        return {}
    children = list(parent.children.order_by("date_of_birth"))
    ensembles = list(led_by(leader).order_by("pk"))
    for child in children:
        age = year.year_group_of(child.date_of_birth) + 4
        plays = set(Enrolment.objects.filter(pupil=child).values_list("instrument_id", flat=True))
        plays |= set(
            Hire.objects.filter(pupil=child).values_list("instrument__instrument_type_id", flat=True)
        )
        for ensemble in ensembles:
            if not ensemble.min_age <= age <= ensemble.max_age:
                continue
            sections = EnsembleSection.objects.filter(ensemble=ensemble).prefetch_related("instrument_types")
            for section in sections.order_by("pk"):
                types = [kind.pk for kind in section.instrument_types.all()]
                if types and (plays & set(types) or not plays):
                    chosen = sorted(plays & set(types)) or types
                    Membership.objects.create(
                        ensemble=ensemble,
                        section=section,
                        pupil=child,
                        instrument_id=chosen[0],
                        academic_year=year,
                        payer=parent,
                        joined_on=year.starts_on,
                    )
                    return {"memberships for the demo family": 1}
    return {}
