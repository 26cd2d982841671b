"""Builds the demo hub in one transaction: the same data from the same seed, and nothing new once seeded."""

import datetime
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Q

from hub.calendar import academic_start_year, financial_year_for, term_for
from hub.dev.demo.accounts import create_demo_family, create_demo_staff
from hub.dev.demo.catalogue import ensure_instrument_types
from hub.dev.demo.ensemble_attendance import create_attendance
from hub.dev.demo.ensemble_dates import create_rehearsals
from hub.dev.demo.ensemble_members import create_ensemble_members
from hub.dev.demo.ensembles import create_ensembles
from hub.dev.demo.families import create_families, family_specs
from hub.dev.demo.instrument_store import create_instrument_store
from hub.dev.demo.lessons import bill_families_for_term, create_lessons
from hub.dev.demo.places import areas_for
from hub.dev.demo.scale import SEED, Scale
from hub.dev.demo.school_year import ensure_calendar
from hub.dev.demo.schools import create_schools, school_specs
from hub.dev.demo.signins import ADMIN, DEMO_PASSWORD, FINANCE, SCHOOL, TUTOR
from hub.dev.demo.sla import (
    create_demo_catalogue_and_orders,
    create_finance_contacts,
    demo_schools,
    tutor_orders,
)
from hub.dev.demo.sla_year import invoice_first_instalments, open_next_year, record_tutor_delivery
from hub.dev.demo.staff import create_tutors, tutor_specs
from hub.dev.demo.users import SEEDED_DOMAINS
from hub.models import Area, StaffRole, User
from schools.models import Catalogue, SchoolContact, Subscription

# Any fixed number: it keeps two seeds started at once from both finding an empty database.
ADVISORY_LOCK = 2026_1122
_SALT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass
class SeedResult:
    """What a run did: whether it built the hub, and how many of each thing it made."""

    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def is_seeded() -> bool:
    """Whether demo data is already here: any account under the demo's own e-mail domains."""
    under_demo_domains = Q()
    for domain in SEEDED_DOMAINS:
        under_demo_domains |= Q(email__iendswith=f"@{domain}")
    return User.objects.filter(under_demo_domains).exists()


@transaction.atomic
def seed_demo_hub(
    *, scale: Scale, today: datetime.date, seed: int = SEED, log: Callable[[str], None] = lambda line: None
) -> SeedResult:
    """Build a demo hub of the given scale unless one is already there; the calendar is kept up to date."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
    for role in StaffRole.values:
        Group.objects.get_or_create(name=role)
    # The calendar and catalogue do not depend on the scale, so a later run adds next year when it comes.
    ensure_calendar(today=today)
    instruments = ensure_instrument_types()
    if is_seeded():
        # A hub seeded before the store (or the ensembles) was: that part is added on its own, once.
        return SeedResult(
            created=False, counts=_add_missing_parts(scale=scale, today=today, seed=seed, log=log)
        )

    rng = random.Random(f"{seed}:accounts")
    start_year = academic_start_year(today)
    # One hash for every demo account: hashing is deliberately slow. The salt is seeded so runs repeat.
    password = make_password(DEMO_PASSWORD, salt="".join(rng.choices(_SALT_ALPHABET, k=22)))
    counts = {}
    with _step(log, "Areas and schools"):
        area_ids = {area.slug: _area_id(area.slug, area.name) for area in areas_for(scale.areas)}
        specs = school_specs(scale=scale, seed=seed)
        school_ids = create_schools(specs=specs, area_ids=area_ids)
        counts |= {"areas": len(area_ids), "schools": len(school_ids)}
    with _step(log, "Staff"):
        create_demo_staff(rng=rng, password=password, instruments=instruments, today=today)
        counts["tutors"] = 1 + create_tutors(
            specs=tutor_specs(scale=scale, today=today, seed=seed), instruments=instruments
        )
    with _step(log, "Families"):
        create_demo_family(
            rng=rng, password=password, specs=specs, school_ids=school_ids, start_year=start_year
        )
        families = family_specs(scale=scale, schools=specs, start_year=start_year, today=today, seed=seed)
        guardians, pupils = create_families(families=families, school_ids=school_ids)
        counts |= {"guardians": guardians + 1, "pupils": pupils + 2}
    with _step(log, "SLA catalogue and orders"):
        orders = _create_sla(scale=scale, today=today, seed=seed)
        counts["SLA orders"] = len(orders)
    with _step(log, "SLA invoices, payments and delivery, through the services"):
        counts["invoices"] = _run_sla_year(orders=orders, scale=scale, today=today, seed=seed)
    with _step(log, "Lessons: slots, enrolments, waiting list, registers and remissions"):
        counts |= create_lessons(scale=scale, today=today, seed=seed, log=log)
    # The store (and the ensembles) before the bills, so that a family's bill holds its hire as well as its
    # lessons.
    counts |= _instrument_store_and_ensembles(scale=scale, today=today, seed=seed, log=log)
    with _step(log, "Family bills for this term"):
        counts["family bills"] = bill_families_for_term(
            term=term_for(today), today=today, seed=seed, sample=scale.family_bills
        )
    log(", ".join(f"{number:,} {name}" for name, number in counts.items()))
    return SeedResult(created=True, counts=counts)


def _add_missing_parts(
    *, scale: Scale, today: datetime.date, seed: int, log: Callable[[str], None]
) -> dict[str, int]:
    """The parts that came after the first demo (the store, the ensembles), each if it is not there yet."""
    added = create_instrument_store(scale=scale, today=today, seed=seed, log=log)
    added |= create_ensembles(scale=scale, today=today, seed=seed)
    added |= create_ensemble_members(scale=scale, today=today, seed=seed)
    return added | create_rehearsals(today=today) | create_attendance(today=today, seed=seed)


def _instrument_store_and_ensembles(
    *, scale: Scale, today: datetime.date, seed: int, log: Callable[[str], None]
) -> dict[str, int]:
    with _step(log, "Instrument store: stock, hires, repairs, class sets and requests"):
        counts = create_instrument_store(scale=scale, today=today, seed=seed, log=log)
    with _step(log, "Ensembles: sections, fees and leaders"):
        counts |= create_ensembles(scale=scale, today=today, seed=seed)
    with _step(log, "Ensembles: members, auditions and applications"):
        counts |= create_ensemble_members(scale=scale, today=today, seed=seed)
    with _step(log, "Ensembles: a year of rehearsals and concerts"):
        counts |= create_rehearsals(today=today)
    with _step(log, "Ensembles: the demo leader's registers so far, and a reported absence"):
        return counts | create_attendance(today=today, seed=seed)


def _create_sla(*, scale: Scale, today: datetime.date, seed: int) -> list[Subscription]:
    """This year's catalogue and approved orders (the demo school's among them), with finance contacts."""
    year = financial_year_for(today)
    demo_school_id = _demo_school_id()
    schools = [school for school in demo_schools() if school.pk != demo_school_id]
    catalogue = create_demo_catalogue_and_orders(
        financial_year=year, schools=schools, count=scale.sla_orders, seed=seed
    )
    demo_school = [school for school in demo_schools() if school.pk == demo_school_id]
    # The demo school buys a package with teaching hours, so its contact and tutor have delivery to follow.
    create_demo_catalogue_and_orders(
        financial_year=year, schools=demo_school, count=1, seed=seed, package_code="silver"
    )
    orders = list(catalogue.subscriptions.select_related("school", "catalogue__financial_year", "package"))
    create_finance_contacts(schools=[subscription.school for subscription in orders], seed=seed)
    return orders


def _run_sla_year(*, orders: list[Subscription], scale: Scale, today: datetime.date, seed: int) -> int:
    """Instalment 1 invoiced and partly paid, the demo tutor's delivery, and next year's catalogue open."""
    demo_school_id = _demo_school_id()
    finance, tutor, admin = (User.objects.get(email=sign_in.email) for sign_in in (FINANCE, TUTOR, ADMIN))
    invoices = invoice_first_instalments(
        subscriptions=orders, today=today, by=finance, demo_school_id=demo_school_id, seed=seed
    )
    at_tutors_schools = tutor_orders(
        orders, demo_school_id=demo_school_id, count=scale.tutor_schools, seed=seed
    )
    record_tutor_delivery(subscriptions=at_tutors_schools, tutor=tutor, today=today, seed=seed)
    year = orders[0].catalogue.financial_year if orders else financial_year_for(today)
    next_year = financial_year_for(year.ends_on + datetime.timedelta(days=1))
    open_next_year(catalogue=Catalogue.objects.get(financial_year=year), next_year=next_year, by=admin)
    return len(invoices)


def _demo_school_id() -> int | None:
    return SchoolContact.objects.filter(user__email=SCHOOL.email).values_list("school_id", flat=True).first()


def _area_id(slug: str, name: str) -> int:
    area = Area.objects.filter(Q(slug=slug) | Q(name=name)).first()
    return area.pk if area else Area.objects.create(slug=slug, name=name).pk


@contextmanager
def _step(log: Callable[[str], None], label: str) -> Iterator[None]:
    started = time.monotonic()
    yield
    log(f"{label}: {time.monotonic() - started:.1f} s")
