"""The waiting list: families' requests for lessons, spread over schools and instruments, asked for over the
last eighteen months; about a third of them at a school where a slot on that instrument has a place free, so
that the hub admin has offers to make."""

import datetime
import random

from hub.dev.demo.enrolments import Filler
from hub.dev.demo.lesson_world import PupilRow, World, public_id
from hub.models import Term
from tuition.models import LessonRequest, LessonType, Level

LEVELS = ((Level.BEGINNER, 74), (Level.GRADES_1_2, 15), (Level.GRADES_3_5, 8), (Level.GRADES_6_8, 3))
# What children ask to learn, most asked first: the piano, the drums and the guitar lead, as everywhere.
ASKED_FOR = (
    ("Piano", 14),
    ("Drum kit", 12),
    ("Classical guitar", 11),
    ("Violin", 10),
    ("Electric guitar", 8),
    ("Flute", 7),
    ("Alto saxophone", 6),
    ("Clarinet", 6),
    ("Trumpet", 6),
    ("Cello", 5),
    ("Voice", 5),
    ("Keyboard", 4),
    ("Ukulele", 3),
    ("Trombone", 2),
    ("Viola", 1),
)
TYPE_WEIGHTS = (("ind30", 30), ("ind20", 15), ("shared30", 20), ("group4", 20), ("group6", 15))
AT_A_FREE_PLACE = 0.35
STILL_UNTAUGHT = 0.7  # of the other requests, the share for children not yet in lessons
NOTES = (
    "Has an instrument at home.",
    "Would prefer lessons after school if possible.",
    "Her older brother plays and she is keen to start.",
    "Can only manage Tuesdays or Thursdays.",
    "Had a few lessons at her last school.",
)


class WaitingList:
    """Draws requests, one open request per child and instrument, none for what a child already learns."""

    def __init__(self, world: World, filler: Filler, types: dict[str, LessonType], rng: random.Random):
        self.world, self.filler, self.types, self.rng = world, filler, types, rng
        self.asked: set[tuple[int, int]] = set()
        self.requests: list[LessonRequest] = []
        term = Term.objects.filter(starts_on__gt=world.today).order_by("starts_on").first()
        self.next_term_starts = term.starts_on if term else None

    def request(
        self,
        pupil: PupilRow,
        instrument_id: int,
        type_key: str,
        *,
        days_ago: int,
        guardian_id: int | None = None,
    ) -> LessonRequest | None:
        if (pupil.id, instrument_id) in self.asked or instrument_id in self.filler.learning[pupil.id]:
            return None
        self.asked.add((pupil.id, instrument_id))
        rng = self.rng
        asked_at = self.world.at(
            self.world.today - datetime.timedelta(days=days_ago),
            rng.randint(7, 22),
            rng.choice((0, 15, 30, 45)),
        )
        request = LessonRequest(
            public_id=public_id(rng),
            pupil_id=pupil.id,
            instrument_id=instrument_id,
            lesson_type=self.types[type_key],
            school_id=pupil.school_id,
            level=rng.choices([level for level, _ in LEVELS], weights=[w for _, w in LEVELS])[0],
            preferred_start=self.next_term_starts if rng.random() < 0.4 else None,
            notes=rng.choice(NOTES) if rng.random() < 0.2 else "",
            status=LessonRequest.Status.WAITING,
            requested_by_id=guardian_id or pupil.payer_id,
            terms_accepted_at=asked_at,
            requested_at=asked_at,
        )
        self.requests.append(request)
        return request

    def draw(self, count: int) -> None:
        rng, world = self.rng, self.world
        demo = {world.demo.ella.id, world.demo.noah.id}
        everyone = [pid for school, pupils in sorted(world.by_school.items(), key=_key) for pid in pupils]
        everyone = [pid for pid in everyone if pid not in demo]
        untaught = [pid for pid in everyone if not self.filler.learning[pid]]
        at_schools = [
            (plan, n) for plan, n in self.filler.free if plan.school_id is not None and not plan.demo
        ]
        instruments = [world.instruments[name] for name, _ in ASKED_FOR]
        weights = [w for _, w in ASKED_FOR]
        attempts = 0
        while len(self.requests) < count and everyone and attempts < count * 20:
            attempts += 1
            days_ago = int(rng.triangular(1, 540, 45))
            if at_schools and rng.random() < AT_A_FREE_PLACE:
                plan, _ = rng.choice(at_schools)
                pupil_id = rng.choice(world.by_school[plan.school_id])
                if pupil_id not in demo:
                    self.request(world.pupils[pupil_id], plan.instrument_id, plan.type_key, days_ago=days_ago)
                continue
            pool = untaught if untaught and rng.random() < STILL_UNTAUGHT else everyone
            pupil = world.pupils[rng.choice(pool)]
            type_key = rng.choices([k for k, _ in TYPE_WEIGHTS], weights=[w for _, w in TYPE_WEIGHTS])[0]
            self.request(pupil, rng.choices(instruments, weights=weights)[0], type_key, days_ago=days_ago)


def _key(item: tuple[int | None, list[int]]) -> tuple[bool, int]:
    school, _ = item
    return school is None, school or 0


def draw_waiting_list(
    world: World, filler: Filler, types: dict[str, LessonType], *, count: int, seed: int
) -> WaitingList:
    """About `count` waiting requests (not saved yet: the demo family's join them first)."""
    waiting = WaitingList(world, filler, types, random.Random(f"{seed}:lessons:waiting"))
    waiting.draw(count)
    return waiting
