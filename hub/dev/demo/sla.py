"""A year's SLA catalogue as a county music service prices it, and approved school orders against it."""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.dev.demo import names
from hub.dev.demo.scale import SEED
from hub.dev.demo.users import SCHOOLS_DOMAIN, insert_users, unusable_password
from hub.models import FinancialYear
from schools.models import (
    Catalogue,
    Package,
    PackageItem,
    School,
    SchoolContact,
    Service,
    Subscription,
    SubscriptionLine,
)

H, S, C, F = Service.Unit.HOUR, Service.Unit.SESSION, Service.Unit.CLASS, Service.Unit.FLAT
# (code, name, description, unit, unit price, VAT %, class teaching)
SERVICES = (
    (
        "instrumental",
        "Instrumental and vocal teaching",
        "Small-group and individual lessons in school time, by a hub tutor.",
        H,
        "44.00",
        "0",
        False,
    ),
    (
        "wcet",
        "Whole-class ensemble teaching",
        "A class learns an instrument together for a term: about ten weekly sessions, instruments lent.",
        C,
        "495.00",
        "0",
        True,
    ),
    (
        "class-music",
        "Class music teaching",
        "Curriculum music lessons taught by a hub specialist, planned with the class teacher.",
        H,
        "46.00",
        "0",
        True,
    ),
    (
        "listening",
        "Primary listening programme",
        "A year's listening units with recordings and lesson plans for every primary class.",
        F,
        "150.00",
        "0",
        False,
    ),
    (
        "cpd",
        "CPD session",
        "A twilight training session for the school's staff: singing, the music curriculum or assessment.",
        S,
        "220.00",
        "0",
        False,
    ),
    (
        "workshop",
        "Music workshop",
        "A half-day workshop by visiting musicians: samba, African drumming, music technology, song-writing.",
        S,
        "260.00",
        "20",
        False,
    ),
)
# (code, name, description, price, {service code: included quantity})
PACKAGES = (
    (
        "bronze",
        "Bronze",
        "Instrumental teaching and the listening programme.",
        "1050.00",
        {"instrumental": 20, "listening": 1},
    ),
    (
        "silver",
        "Silver",
        "Instrumental teaching, a term of whole-class ensemble teaching and the listening programme.",
        "2450.00",
        {"instrumental": 40, "wcet": 1, "listening": 1},
    ),
    (
        "gold",
        "Gold",
        "The full offer: instrumental and class music teaching, two terms of whole-class teaching, CPD.",
        "5200.00",
        {"instrumental": 80, "wcet": 2, "class-music": 20, "listening": 1, "cpd": 1},
    ),
)
TERMS = """1. This agreement covers the services listed, delivered from the first to the last day of the \
financial year.
2. The hub invoices the school in one payment or in three termly instalments, as chosen on the order. \
Invoices are payable within 30 days.
3. Teaching hours are scheduled with the school at the start of each term. Sessions the school cancels with \
less than 48 hours' notice are charged; sessions the hub cannot deliver are rearranged or credited.
4. Hours not used by 31 March do not carry over to the next financial year.
5. Changes after approval are made by amendment and invoiced or credited for the difference.
6. The school provides a suitable room and a member of staff on site; the hub's tutors hold \
enhanced DBS checks."""
# Package codes with their weights; None is an order of extra services only.
PACKAGE_WEIGHTS = (("bronze", 35), ("silver", 35), ("gold", 15), (None, 15))
QUANTITIES = {H: [5, 10, 10, 15, 20, 30, 40], C: [1, 1, 2, 3], S: [1, 1, 2, 3, 4], F: [1]}


@transaction.atomic
def create_demo_catalogue_and_orders(
    *, financial_year: FinancialYear, schools, count: int, seed: int = SEED, package_code: str | None = None
) -> Catalogue:
    """The year's published catalogue (made once) and up to `count` approved orders from schools without one.

    The same seed picks the same schools and orders each time; schools that already ordered are left alone.
    `package_code` gives every chosen school that package instead of a drawn one.
    """
    rng = random.Random(f"{seed}:sla:{financial_year.name}")
    catalogue = Catalogue.objects.filter(financial_year=financial_year).first() or _create_catalogue(
        financial_year
    )
    services = {s.code: s for s in catalogue.services.all()}
    packages = {p.code: p for p in catalogue.packages.prefetch_related("items")}
    ordered = set(catalogue.subscriptions.values_list("school_id", flat=True))
    candidates = sorted((s for s in schools if s.pk not in ordered), key=lambda s: s.urn)
    chosen = rng.sample(candidates, min(count, len(candidates)))

    subscriptions, extras = [], []
    for school in chosen:
        subscription, lines = _draw_order(rng, school, catalogue, services, packages, package_code)
        subscriptions.append(subscription)
        extras.append(lines)
    Subscription.objects.bulk_create(subscriptions)
    SubscriptionLine.objects.bulk_create(
        [
            SubscriptionLine(
                subscription=subscription,
                service=service,
                quantity=quantity,
                unit_price=service.unit_price,
                vat_rate=service.vat_rate,
            )
            for subscription, lines in zip(subscriptions, extras, strict=True)
            for service, quantity in lines
        ]
    )
    return catalogue


def _draw_order(
    rng: random.Random, school, catalogue: Catalogue, services: dict, packages: dict, package_code: str | None
) -> tuple[Subscription, list[tuple[Service, Decimal]]]:
    """One school's approved order from rng: a package (drawn, or `package_code`) and a few services."""
    code = rng.choices([c for c, _ in PACKAGE_WEIGHTS], weights=[w for _, w in PACKAGE_WEIGHTS])[0]
    code = package_code or code
    package = packages.get(code) if code else None
    included = {item.service_id for item in package.items.all()} if package else set()
    others = [s for s in services.values() if s.pk not in included]
    wanted = min(len(others), rng.choice([0, 0, 0, 1, 1, 2]) if package else rng.choice([1, 2, 3]))
    submitted = _moment(catalogue.financial_year.starts_on - datetime.timedelta(days=rng.randint(5, 60)), rng)
    subscription = Subscription(
        school=school,
        catalogue=catalogue,
        package=package,
        package_price=package.price if package else Decimal("0.00"),
        package_vat_rate=package.vat_rate if package else Decimal("0.00"),
        instalments=rng.choices([1, 3], weights=[35, 65])[0],
        status=Subscription.Status.APPROVED,
        accepted_by_name=school.head_name or f"Business manager, {school.name}"[:150],
        accepted_at=submitted,
        submitted_at=submitted,
        decided_at=submitted + datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6)),
    )
    lines = [
        (service, Decimal(rng.choice(QUANTITIES[service.unit]))) for service in rng.sample(others, wanted)
    ]
    return subscription, lines


def _create_catalogue(financial_year: FinancialYear) -> Catalogue:
    catalogue = Catalogue.objects.create(
        financial_year=financial_year,
        terms=TERMS,
        order_deadline=financial_year.starts_on + datetime.timedelta(days=29),
        published_at=_moment(financial_year.starts_on - datetime.timedelta(days=90), random.Random(0)),
    )
    services = Service.objects.bulk_create(
        [
            Service(
                catalogue=catalogue,
                code=code,
                name=name,
                description=description,
                unit=unit,
                unit_price=Decimal(price),
                vat_rate=Decimal(vat),
                is_class_teaching=class_teaching,
            )
            for code, name, description, unit, price, vat, class_teaching in SERVICES
        ]
    )
    by_code = {s.code: s for s in services}
    packages = Package.objects.bulk_create(
        [
            Package(catalogue=catalogue, code=code, name=name, description=description, price=Decimal(price))
            for code, name, description, price, _ in PACKAGES
        ]
    )
    PackageItem.objects.bulk_create(
        [
            PackageItem(package=package, service=by_code[service_code], quantity=Decimal(quantity))
            for package, (*_, items) in zip(packages, PACKAGES, strict=True)
            for service_code, quantity in items.items()
        ]
    )
    return catalogue


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A working-hours time on the day, in the hub's time zone."""
    naive = datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])))
    return timezone.make_aware(naive)


def demo_schools() -> list[School]:
    """Open schools, the ones the demo orders come from."""
    return list(School.objects.exclude(status=School.Status.CLOSED).order_by("urn"))


@dataclass(frozen=True)
class _Person:
    email: str
    password: str
    first_name: str
    last_name: str
    joined: datetime.datetime


def create_finance_contacts(*, schools, seed: int = SEED) -> int:
    """A business manager who may order and see invoices, for each school without one (runs e-mail them)."""
    rng = random.Random(f"{seed}:sla:contacts")
    have = set(SchoolContact.objects.filter(can_order=True).values_list("school_id", flat=True))
    needing = [school for school in schools if school.pk not in have]
    people = []
    for school in needing:
        first, last = rng.choice(names.BRITISH.women + names.BRITISH.men), rng.choice(names.BRITISH.surnames)
        people.append(
            _Person(
                email=f"bm.{school.urn}@{SCHOOLS_DOMAIN}",
                password=unusable_password(rng),
                first_name=first,
                last_name=last,
                joined=_moment(datetime.date(2024, 9, 1), rng),
            )
        )
    users = insert_users(people=people)
    SchoolContact.objects.bulk_create(
        SchoolContact(user=user, school=school, role=SchoolContact.Role.BUSINESS_MANAGER, can_order=True)
        for user, school in zip(users, needing, strict=True)
    )
    return len(users)


def tutor_orders(
    orders: Sequence[Subscription], *, demo_school_id: int | None, count: int, seed: int = SEED
) -> list[Subscription]:
    """The orders at the demo tutor's schools: the demo school's and a few more, the same each seed."""
    rng = random.Random(f"{seed}:sla:tutor-schools")
    others = sorted((o for o in orders if o.school_id != demo_school_id), key=lambda o: o.school.urn)
    own = [o for o in orders if o.school_id == demo_school_id]
    return own + rng.sample(others, min(count - len(own), len(others)))
