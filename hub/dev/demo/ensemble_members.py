"""The demo hub's ensemble members for this academic year (pupils of the right age, paid for by a guardian of
theirs, a few who have left), audition slots and applications waiting for a decision in the demo leader's
ensembles, and the demo parent's child with an application whose audition is still to book. Written in bulk,
once: a re-run finds members and adds nothing."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from ensembles.models import Application, AuditionSlot, Ensemble, EnsembleSection, Membership
from hub.calendar import academic_start_year
from hub.dev.demo import signins
from hub.dev.demo.scale import Scale
from hub.models import AcademicYear, Guardian, User
from schools.models import Pupil
from schools.models.pupils import age_on

# Most places are taken; the demo leader's ensembles keep room for the applications waiting on them.
FILLED, FILLED_FOR_THE_DEMO_LEADER = 0.97, 0.75
LEAVER_SHARE = 0.03
LEAVE_REASONS = (
    "Moved out of the area",
    "Too much with exams this year",
    "Joined another ensemble",
    "No longer plays the instrument",
    "Rehearsal day clashes with sport",
)
SLOTS_PER_ENSEMBLE = 8
WAITING_PER_ENSEMBLE = 4
PLACES = ("Room 4", "The hall", "Music room 2")


@dataclass(frozen=True)
class Child:
    pupil_id: int
    guardian_id: int
    born: datetime.date


@dataclass
class Pools:
    """Children by age today (the listing's rule), each to be taken once before any is taken twice."""

    by_age: dict[int, list[Child]]
    taken: set[int]

    def draw(self, ensemble: Ensemble, count: int, rng: random.Random, *, skip: set[int]) -> list[Child]:
        ages = range(ensemble.min_age, ensemble.max_age + 1)
        fits = [child for age in ages for child in self.by_age.get(age, []) if child.pupil_id not in skip]
        fresh = [child for child in fits if child.pupil_id not in self.taken]
        rng.shuffle(fresh)
        chosen = fresh[:count]
        if len(chosen) < count:  # a small hub: some children play in two ensembles
            others = [child for child in fits if child.pupil_id in self.taken]
            chosen += rng.sample(others, min(len(others), count - len(chosen)))
        self.taken.update(child.pupil_id for child in chosen)
        return chosen


def create_ensemble_members(*, scale: Scale, today: datetime.date, seed: int) -> dict[str, int]:
    """Members, auditions and applications, unless some ensemble has members; counts to print."""
    if Membership.objects.exists() or not Ensemble.objects.exists():
        return {}
    rng = random.Random(f"{seed}:ensemble-members")
    year = AcademicYear.objects.get(starts_on__year=academic_start_year(today), starts_on__month=9)
    parent = Guardian.objects.filter(user__email=signins.PARENT.email).first()
    demo_leader = User.objects.filter(email=signins.ENSEMBLES.email).first()
    demo_led = set(
        Ensemble.leaders.through.objects.filter(user=demo_leader).values_list("ensemble_id", flat=True)
    )
    pools = Pools(by_age=_children_by_age(today, exclude=parent), taken=set())
    sections = _sections()
    ensembles = list(Ensemble.objects.order_by("pk"))
    led = [ensemble for ensemble in ensembles if ensemble.pk in demo_led]
    # The applicants first, so that however small the hub, some child is not a member already.
    applicants = {
        ensemble.pk: pools.draw(ensemble, WAITING_PER_ENSEMBLE, rng, skip=set()) for ensemble in led
    }
    members = []
    for ensemble in ensembles:
        share = FILLED_FOR_THE_DEMO_LEADER if ensemble.pk in demo_led else FILLED
        applying = {child.pupil_id for child in applicants.get(ensemble.pk, [])}
        chosen = pools.draw(ensemble, round(ensemble.capacity * share), rng, skip=applying)
        members += _members(ensemble, sections[ensemble.pk], chosen, year, today, rng)
    Membership.objects.bulk_create(members, batch_size=2000)
    slots = _slots(led, today, rng)
    waiting = _waiting(led, applicants, sections, year, rng)
    AuditionSlot.objects.bulk_create(slots)
    Application.objects.bulk_create(waiting)
    _book_some(slots, waiting)
    ours = _demo_parents_application(parent, ensembles, demo_led, sections, year, today)
    _analyse(Membership, Application, AuditionSlot)
    return {
        "ensemble members": len(members),
        "audition slots": len(slots),
        "applications to decide": len(waiting) + (ours is not None),
    }


def _children_by_age(today: datetime.date, *, exclude: Guardian | None) -> dict[int, list[Child]]:
    """Every child with the first of their guardians (who pays), by age today; the demo parent's are kept
    for their own application."""
    first: dict[int, tuple[int, datetime.date]] = {}
    links = Pupil.guardians.through.objects.order_by("pupil_id", "guardian_id").values_list(
        "pupil_id", "guardian_id", "pupil__date_of_birth"
    )
    for pupil_id, guardian_id, born in links:
        first.setdefault(pupil_id, (guardian_id, born))
    by_age: dict[int, list[Child]] = defaultdict(list)
    for pupil_id, (guardian_id, born) in first.items():
        if exclude is None or guardian_id != exclude.pk:
            by_age[age_on(born, today)].append(Child(pupil_id, guardian_id, born))
    return by_age


def _sections() -> dict[int, list[tuple[EnsembleSection, list[int]]]]:
    """Each ensemble's sections with the instrument types each takes (two queries)."""
    types: dict[int, list[int]] = defaultdict(list)
    links = EnsembleSection.instrument_types.through.objects.order_by("pk")
    for section_id, type_id in links.values_list("ensemblesection_id", "instrumenttype_id"):
        types[section_id].append(type_id)
    found: dict[int, list[tuple[EnsembleSection, list[int]]]] = defaultdict(list)
    for section in EnsembleSection.objects.order_by("ensemble_id", "name", "pk"):
        if types[section.pk]:
            found[section.ensemble_id].append((section, types[section.pk]))
    return found


def _members(ensemble, sections, chosen, year, today, rng) -> list[Membership]:
    """The chosen children, spread over the sections by their targets; a few have left since."""
    if not sections:
        return []
    weights = [max(1, section.target) for section, _ in sections]
    rows = []
    for child in chosen:
        section, types = rng.choices(sections, weights=weights)[0]
        member = Membership(
            ensemble=ensemble,
            section=section,
            pupil_id=child.pupil_id,
            instrument_id=rng.choice(types),
            academic_year=year,
            payer_id=child.guardian_id,
            joined_on=year.starts_on,
        )
        if today > year.starts_on and rng.random() < LEAVER_SHARE:
            member.left_on = year.starts_on + datetime.timedelta(
                days=rng.randrange((today - year.starts_on).days)
            )
            member.leave_reason = rng.choice(LEAVE_REASONS)
        rows.append(member)
    return rows


def _slots(led: list[Ensemble], today: datetime.date, rng: random.Random) -> list[AuditionSlot]:
    """Auditions every quarter of an hour on the next two Saturdays at each of the demo leader's ensembles."""
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    slots = []
    for ensemble in led:
        place = f"{rng.choice(PLACES)}, {ensemble.venue}"
        for index in range(SLOTS_PER_ENSEMBLE):
            day = saturday + datetime.timedelta(days=7 * (index % 2))
            start = datetime.datetime.combine(day, datetime.time(9, 30)) + datetime.timedelta(
                minutes=15 * index
            )
            end = start + datetime.timedelta(minutes=15)
            slots.append(
                AuditionSlot(
                    ensemble=ensemble, date=day, starts_at=start.time(), ends_at=end.time(), place=place
                )
            )
    return slots


def _waiting(led, applicants: dict[int, list[Child]], sections, year, rng) -> list[Application]:
    """A handful of applications to each of the demo leader's ensembles, from children not in it."""
    rows = []
    now = timezone.now()
    for ensemble in led:
        for index, child in enumerate(applicants[ensemble.pk]):
            section, types = rng.choice(sections[ensemble.pk])
            rows.append(
                Application(
                    ensemble=ensemble,
                    pupil_id=child.pupil_id,
                    academic_year=year,
                    instrument_id=rng.choice(types),
                    grade=rng.randint(ensemble.min_grade, ensemble.max_grade),
                    experience=rng.choice(["Plays in the school orchestra.", "Three years of lessons.", ""]),
                    current_teacher=rng.choice(["Ms Hale", "Mr Okafor", "Mrs Lewis", ""]),
                    applied_by_id=child.guardian_id,
                    applied_at=now - datetime.timedelta(days=index + 1, hours=rng.randrange(12)),
                )
            )
    return rows


def _book_some(slots: list[AuditionSlot], waiting: list[Application]) -> None:
    """Half the waiting applicants have booked an audition at their ensemble."""
    free = defaultdict(list)
    for slot in slots:
        free[slot.ensemble_id].append(slot)
    booked = []
    for application in waiting[::2]:
        if free[application.ensemble_id]:
            slot = free[application.ensemble_id].pop(0)
            slot.application = application
            booked.append(slot)
    AuditionSlot.objects.bulk_update(booked, ["application"])


def _demo_parents_application(parent, ensembles, demo_led, sections, year, today) -> Application | None:
    """The demo parent has applied for a child to one of the demo leader's ensembles that takes their age,
    and has an audition to book there."""
    if parent is None:
        return None
    children = list(parent.children.order_by("-date_of_birth"))
    led = [ensemble for ensemble in ensembles if ensemble.pk in demo_led and sections[ensemble.pk]]
    for ensemble in led:
        for child in children:
            if ensemble.takes_age(child.age_on(today)):
                _, types = sections[ensemble.pk][0]
                return Application.objects.create(
                    ensemble=ensemble,
                    pupil=child,
                    academic_year=year,
                    instrument_id=types[0],
                    grade=ensemble.min_grade,
                    experience="Plays in the school band.",
                    applied_by=parent,
                    applied_at=timezone.now() - datetime.timedelta(days=2),
                )
    return None


def _analyse(*models) -> None:
    """Planner statistics for the tables just filled: a roll planned on the empty table autovacuum last saw
    took longer to plan (7 ms) than to read."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
