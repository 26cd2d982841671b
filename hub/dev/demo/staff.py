"""The hub's tutors: what they teach, when their DBS check was done, and who also leads ensembles."""

import datetime
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Group

from hub.dev.demo import names
from hub.dev.demo.places import mobile
from hub.dev.demo.scale import SEED, Scale
from hub.dev.demo.schools import apportion
from hub.dev.demo.users import BATCH_SIZE, STAFF_DOMAIN, email_part, insert_users, unusable_password
from hub.models import InstrumentType, StaffProfile, StaffRole, User

# (specialism, share of tutors, instruments most taught first)
SPECIALISMS = (
    ("strings", 14, ("Violin", "Cello", "Viola", "Double bass")),
    (
        "brass",
        12,
        ("Trumpet", "Cornet", "Trombone", "Tenor horn", "Baritone", "Euphonium", "French horn", "Tuba"),
    ),
    (
        "woodwind",
        11,
        ("Clarinet", "Flute", "Alto saxophone", "Tenor saxophone", "Recorder", "Oboe", "Bassoon"),
    ),
    ("guitar", 8, ("Classical guitar", "Electric guitar", "Bass guitar", "Ukulele")),
    ("keyboard", 6, ("Piano", "Keyboard")),
    ("percussion", 5, ("Drum kit", "Tuned percussion")),
    ("voice", 4, ("Voice",)),
)
# The hub renews enhanced DBS checks every three years; a few tutors are overdue, as in any real service.
DBS_RENEWAL_DAYS = 3 * 365
OVERDUE_SHARE = 0.07
LEADS_ENSEMBLES_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class TutorSpec:
    public_id: uuid.UUID
    first_name: str
    last_name: str
    email: str
    password: str
    joined: datetime.datetime
    phone: str
    job_title: str
    instruments: tuple[str, ...]
    dbs_checked_on: datetime.date
    leads_ensembles: bool


def tutor_specs(*, scale: Scale, today: datetime.date, seed: int = SEED) -> list[TutorSpec]:
    """The tutors besides the demo tutor; touches no database."""
    rng = random.Random(f"{seed}:tutors")
    count = scale.tutors - 1
    overdue = set(rng.sample(range(count), max(1, round(count * OVERDUE_SHARE))))
    specs, emails = [], set()
    counts = apportion(count, [share for _, share, _ in SPECIALISMS])
    plan = [
        (name, instruments)
        for (name, _, instruments), n in zip(SPECIALISMS, counts, strict=True)
        for _ in range(n)
    ]
    for index, (specialism, instruments) in enumerate(plan):
        pool = rng.choices(
            (names.BRITISH, names.EUROPEAN, names.INDIAN, names.AFRICAN), weights=(80, 8, 7, 5)
        )[0]
        first = rng.choice(rng.choice((pool.women, pool.men)))
        last = rng.choice(pool.surnames)
        email = f"{email_part(first)}.{email_part(last)}@{STAFF_DOMAIN}"
        while email in emails:
            email = email.replace("@", f"{rng.randint(2, 9)}@")
        emails.add(email)
        # Earlier instruments in the list are taught by more tutors, as demand is higher.
        weights = [len(instruments) - i for i in range(len(instruments))]
        taught = []
        for _ in range(rng.choices((1, 2, 3), weights=(25, 45, 30))[0]):
            taught.append(rng.choices(instruments, weights=weights)[0])
        days_ago = rng.randint(DBS_RENEWAL_DAYS + 5, DBS_RENEWAL_DAYS + 240) if index in overdue else None
        senior = rng.random() < 0.15
        specs.append(
            TutorSpec(
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                first_name=first,
                last_name=last,
                email=email,
                password=unusable_password(rng),
                joined=datetime.datetime.combine(
                    today - datetime.timedelta(days=rng.randint(30, 6 * 365)),
                    datetime.time(9),
                    tzinfo=datetime.UTC,
                ),
                phone=mobile(rng),
                job_title=f"{'Senior instrumental' if senior else 'Instrumental'} tutor ({specialism})",
                instruments=tuple(dict.fromkeys(taught)),
                dbs_checked_on=today
                - datetime.timedelta(days=days_ago or rng.randint(20, DBS_RENEWAL_DAYS - 5)),
                leads_ensembles=rng.random() < LEADS_ENSEMBLES_SHARE,
            )
        )
    return specs


def create_tutors(*, specs: Sequence[TutorSpec], instruments: Mapping[str, InstrumentType]) -> int:
    """Insert the tutors with their profiles, roles and instruments; returns how many."""
    users = insert_users(people=specs)
    profiles = [
        StaffProfile(
            user_id=user.pk,
            public_id=spec.public_id,
            job_title=spec.job_title,
            phone=spec.phone,
            dbs_checked_on=spec.dbs_checked_on,
        )
        for user, spec in zip(users, specs, strict=True)
    ]
    StaffProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
    groups = dict(
        Group.objects.filter(name__in=[StaffRole.TUTOR, StaffRole.ENSEMBLE_LEADER]).values_list("name", "pk")
    )
    memberships = User.groups.through
    member_rows = []
    for user, spec in zip(users, specs, strict=True):
        member_rows.append(memberships(user_id=user.pk, group_id=groups[StaffRole.TUTOR]))
        if spec.leads_ensembles:
            member_rows.append(memberships(user_id=user.pk, group_id=groups[StaffRole.ENSEMBLE_LEADER]))
    memberships.objects.bulk_create(member_rows, batch_size=BATCH_SIZE)
    taught = StaffProfile.instruments.through
    taught.objects.bulk_create(
        [
            taught(staffprofile_id=profile.pk, instrumenttype_id=instruments[name].pk)
            for profile, spec in zip(profiles, specs, strict=True)
            for name in spec.instruments
        ],
        batch_size=BATCH_SIZE,
    )
    return len(users)
