"""Demo sign-ins: staff with an authenticator app, a parent with two children, a school contact."""

import datetime
import random
import uuid
from collections.abc import Mapping, Sequence

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.models import Group

from hub.dev.demo import signins
from hub.dev.demo.places import mobile
from hub.dev.demo.schools import SchoolSpec
from hub.models import Guardian, InstrumentType, StaffProfile, User
from schools.models import EqualityRecord, Gender, Pupil, SchoolContact, SendStatus

DEMO_TUTOR_INSTRUMENTS = ("Violin", "Viola")


def create_user(*, sign_in: signins.DemoSignIn, password: str, joined: datetime.datetime) -> User:
    """A demo user whose address is verified, so that allauth's mandatory verification lets them in."""
    is_admin = sign_in is signins.ADMIN
    user = User.objects.create(
        email=User.objects.normalize_email(sign_in.email).lower(),
        password=password,
        first_name=sign_in.first_name,
        last_name=sign_in.last_name,
        # The hub admin also runs the Django admin site.
        is_staff=is_admin,
        is_superuser=is_admin,
        date_joined=joined,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def add_two_factor(*, user: User) -> None:
    """Register the demo authenticator app and recovery codes, stored as allauth's own flow stores them."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(signins.DEMO_TOTP_SECRET)}
    )
    Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": encrypt(signins.DEMO_RECOVERY_SEED), "used_mask": 0},
    )


def create_demo_staff(
    *, rng: random.Random, password: str, instruments: Mapping[str, InstrumentType], today: datetime.date
) -> list[User]:
    """One member of staff per role, each with a profile and two-factor sign-in."""
    joined = datetime.datetime.combine(
        today - datetime.timedelta(days=400), datetime.time(9), tzinfo=datetime.UTC
    )
    groups = {
        group.name: group for group in Group.objects.filter(name__in=[s.role for s in signins.STAFF_SIGNINS])
    }
    users = []
    for sign_in in signins.STAFF_SIGNINS:
        user = create_user(sign_in=sign_in, password=password, joined=joined)
        profile = StaffProfile.objects.create(
            user=user,
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            job_title=sign_in.job_title,
            phone=mobile(rng),
            dbs_checked_on=today - datetime.timedelta(days=rng.randint(30, 700)),
        )
        if sign_in is signins.TUTOR:
            profile.instruments.set([instruments[name] for name in DEMO_TUTOR_INSTRUMENTS])
        user.groups.add(groups[sign_in.role])
        add_two_factor(user=user)
        users.append(user)
    return users


def create_demo_family(
    *,
    rng: random.Random,
    password: str,
    specs: Sequence[SchoolSpec],
    school_ids: Sequence[int],
    start_year: int,
) -> tuple[Guardian, SchoolContact]:
    """The demo parent with a primary and a secondary pupil, and the business manager of the primary."""
    sign_in = signins.PARENT
    primary = _school_for(specs, year=4, phase="Primary")
    secondary = _school_for(specs, year=8, phase="Secondary")
    home_index = primary if primary is not None else 0
    home = specs[home_index]
    joined = datetime.datetime.combine(
        datetime.date(start_year, 9, 6), datetime.time(20, 15), tzinfo=datetime.UTC
    )
    guardian = Guardian.objects.create(
        user=create_user(sign_in=sign_in, password=password, joined=joined),
        phone=mobile(rng),
        address_line_1="14 Orchard Close",
        address_line_2=home.locality,
        town=home.town,
        postcode=home.postcode.split(" ")[0] + " 4QT",
    )
    # On free school meals, so the demo shows remissions; the boy has SEN support.
    children = (
        ("Ella", 4, primary, Gender.GIRL, SendStatus.NONE),
        ("Noah", 8, secondary, Gender.BOY, SendStatus.SUPPORT),
    )
    for first_name, year, school, gender, send in children:
        pupil = Pupil.objects.create(
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            first_name=first_name,
            last_name=sign_in.last_name,
            date_of_birth=datetime.date(start_year - year - 5, 11, 12 + year),
            school_id=None if school is None else school_ids[school],
            other_school_name="" if school is not None else "A school outside Northshire",
        )
        pupil.guardians.add(guardian)
        EqualityRecord.objects.create(
            pupil=pupil,
            gender=gender,
            ethnicity="WBRI",
            send=send,
            free_school_meals=True,
            pupil_premium=True,
        )
    contact = SchoolContact.objects.create(
        user=create_user(sign_in=signins.SCHOOL, password=password, joined=joined),
        school_id=school_ids[home_index],
        role=SchoolContact.Role.BUSINESS_MANAGER,
        can_order=True,
    )
    return guardian, contact


def _school_for(specs: Sequence[SchoolSpec], *, year: int, phase: str) -> int | None:
    """The first open school of the first area that teaches the year group, preferring the phase."""
    area = specs[0].area_slug
    fits = [
        i for i, s in enumerate(specs) if s.takes_pupils and year in s.year_groups and s.area_slug == area
    ]
    preferred = [i for i in fits if specs[i].phase == phase]
    return (preferred or fits or [None])[0]
