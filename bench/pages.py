"""Time the heaviest pages on the county-scale demo data (`make bench` seeds it first).

Prints, per page, the median and 95th-percentile time of 20 requests, the number of queries, and the median
against the accessibility statement's for the same person, requested in turn with the page (so that other work
on the machine weighs on both alike); pages over 3x are listed.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

import django  # noqa: E402

django.setup()

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY  # noqa: E402
from allauth.account.internal.userkit import user_id_to_str  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from ensembles.models import Membership, Rehearsal  # noqa: E402
from hub.dev.demo import signins  # noqa: E402
from hub.models import User  # noqa: E402
from instruments.models import Instrument  # noqa: E402
from schools.models import Pupil  # noqa: E402
from tuition.models import Lesson  # noqa: E402

RUNS = 20
PAGES = [
    (signins.ADMIN, "/staff/"),
    (signins.INCLUSION, "/staff/"),
    (signins.ADMIN, "/staff/schools/"),
    (signins.ADMIN, "/staff/schools/?q=academy&phase=Secondary"),
    (signins.ADMIN, "/staff/pupils/"),
    (signins.ADMIN, "/staff/pupils/?q=smith"),
    (signins.ADMIN, "/staff/pupils/?page=300"),
    (signins.ADMIN, "/staff/people/"),
    (signins.ADMIN, "/staff/audit/"),
    (signins.PARENT, "/family/"),
    (signins.SCHOOL, "/schools/"),
    (signins.FINANCE, "/staff/"),
    (signins.FINANCE, "/staff/billing/"),
    (signins.FINANCE, "/staff/billing/?per_page=200&sort=-outstanding"),
    (signins.FINANCE, "/staff/billing/aged-debt/"),
    (signins.FINANCE, "/staff/billing/aged-debt/?band=days_over_90&sort=oldest"),
    (signins.FINANCE, "/staff/sla/orders/"),
    # Lessons (issue 8): the waiting list over 2,000 requests, enrolments, the tutor's day and week, the
    # family's lessons and bills, finance's family runs; a register of today's lesson is added in main().
    (signins.ADMIN, "/staff/lessons/waiting/"),
    (signins.ADMIN, "/staff/lessons/waiting/?page=20"),
    (signins.ADMIN, "/staff/lessons/enrolments/"),
    (signins.ADMIN, "/staff/lessons/slots/"),
    (signins.TUTOR, "/staff/"),
    (signins.TUTOR, "/staff/registers/today/"),
    (signins.TUTOR, "/staff/registers/"),
    (signins.PARENT, "/family/lessons/"),
    (signins.PARENT, "/family/bills/"),
    (signins.FINANCE, "/staff/billing/family-runs/"),
    # The instrument store (issue 9): its 5,000 instruments, a search by the start of a tag, a filtered page;
    # the page of the instrument with the longest history is added in main().
    (signins.STORE, "/staff/instruments/"),
    (signins.STORE, "/staff/instruments/?tag=NMH-00012"),
    (signins.STORE, "/staff/instruments/?instrument_type=violin&size=3%2F4&status=on_hire"),
    (signins.STORE, "/staff/instruments/?status=available&location=store&page=3"),
    (signins.STORE, "/staff/"),
    (signins.STORE, "/staff/instruments/requests/"),
    (signins.STORE, "/staff/instruments/overdue/"),
    (signins.STORE, "/staff/instruments/reports/"),
    (signins.STORE, "/staff/instruments/reports/?area=Redbrook+and+Wyeford"),
    # Ensembles (issue 10): the public listing of 60, whole and narrowed, and the leader's list.
    (signins.PARENT, "/ensembles/"),
    (signins.PARENT, "/ensembles/?age=12&instrument=violin"),
    (signins.ENSEMBLES, "/staff/ensembles/"),
    (signins.ADMIN, "/staff/ensembles/"),
    # An ensemble's schedule for the term (the demo leader's), and the family's calendar link.
    (signins.ENSEMBLES, "/staff/ensembles/county-training-orchestra/schedule/"),
    (signins.PARENT, "/family/calendar/"),
    # The leader's home with applications to decide, a roll of about 70 members by section, and the
    # applications to one of the leader's ensembles with its sections filling.
    (signins.ENSEMBLES, "/staff/"),
    (signins.ENSEMBLES, "/staff/ensembles/county-youth-orchestra/roll/"),
    (signins.ENSEMBLES, "/staff/ensembles/county-youth-orchestra/applications/"),
    (signins.PARENT, "/family/ensembles/"),
    # An ensemble's page (its next register, members under the attendance threshold, messages sent) and its
    # members' attendance; the register of the fullest of the demo leader's dates and the demo child's dates
    # are added in main().
    (signins.ENSEMBLES, "/staff/ensembles/county-youth-orchestra/"),
    (signins.ENSEMBLES, "/staff/ensembles/county-youth-orchestra/attendance/"),
]
BASELINE = "/accessibility/"
LIMIT = 3.0


def sign_in(client: Client, user: User) -> None:
    """Sign in as allauth would after a password and an authenticator code; staff pages ask for both."""
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = user_id_to_str(user)
    session.save()


def _get(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def _time(client: Client, url: str) -> tuple[float, float, float, int]:
    """The page's median and 95th percentile, and the statement's median, the two requested in turn: a
    machine that slows down or speeds up part-way (other work on it) then moves both alike."""
    client.get(url)  # warm
    client.get(BASELINE)
    times, baseline = [], []
    for _ in range(RUNS):
        baseline.append(_get(client, BASELINE))
        times.append(_get(client, url))
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    p95 = statistics.quantiles(times, n=20)[-1]
    return statistics.median(times), p95, statistics.median(baseline), len(queries)


def _largest_register() -> list[tuple]:
    """The register of the demo tutor's fullest lesson so far this term: its query count must not grow."""
    placed = (
        Lesson.objects.filter(slot__tutor__user__email=signins.TUTOR.email, date__lte=timezone.localdate())
        .annotate(pupils=Count("attendances"))
        .order_by("-pupils", "-date")
        .select_related("slot")
        .first()
    )
    if placed is None:
        return []
    return [(signins.TUTOR, f"/staff/registers/{placed.slot.public_id}/{placed.date:%Y-%m-%d}/")]


def _longest_history() -> list[tuple]:
    """The page of the instrument hired most often: its history is listed whole, in three queries."""
    most = Instrument.objects.annotate(times=Count("hires")).order_by("-times", "asset_tag").first()
    if most is None:
        return []
    return [(signins.STORE, f"/staff/instruments/{most.public_id}/")]


def _ensemble_pages() -> list[tuple]:
    """The register of the demo leader's latest date with the most members, and the demo child's dates."""
    fullest = (
        Rehearsal.objects.filter(
            ensemble__leaders__email=signins.ENSEMBLES.email, date__lte=timezone.localdate()
        )
        .annotate(members=Count("ensemble__memberships"))
        .order_by("-members", "-date")
        .first()
    )
    pages = [(signins.ENSEMBLES, f"/staff/ensembles/dates/{fullest.public_id}/register/")] if fullest else []
    member = Membership.objects.filter(pupil__guardians__user__email=signins.PARENT.email).first()
    if member:
        pages.append((signins.PARENT, f"/family/ensembles/children/{member.pupil.public_id}/"))
    return pages


def main() -> None:
    if Pupil.objects.count() < 10_000:
        sys.exit("Seed the county-scale demo data first: make seed")
    client = Client()
    pages = PAGES + _largest_register() + _longest_history() + _ensemble_pages()
    # `python bench/pages.py instruments/ registers` times only the pages whose URL holds one of the words.
    if words := sys.argv[1:]:
        pages = [(who, url) for who, url in pages if any(word in url for word in words)]
    print(f"{'who':24} {'page':52} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x statement':>12}")
    slow = []
    for who, url in pages:
        sign_in(client, User.objects.get(email=who.email))
        # The statement is a plain page, timed for the same person in the same run: what any page costs.
        median, p95, baseline, count = _time(client, url)
        ratio = median / baseline
        print(f"{who.label:24} {url:52} {median:10.1f} {p95:8.1f} {count:8d} {ratio:12.1f}")
        if ratio > LIMIT:
            slow.append(f"{url} ({ratio:.1f}x)")
    print(f"statement page, signed in as the last of them: median {baseline:.1f} ms")
    if slow:
        print(f"NOT MET: over {LIMIT}x the accessibility statement: {', '.join(slow)}")


if __name__ == "__main__":
    main()
