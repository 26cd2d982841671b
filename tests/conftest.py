"""Shared fixtures: one person of every kind, two of each tenant, and the browser rig."""

import os
import time
import uuid

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client

from hub.celery import app as celery_app
from hub.models import StaffRole
from tests import factories, fast_flush
from tests.a11y import ARTIFACTS, KNOWN_ISSUES_MARKER, A11yChecker, PageSweep

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
__all__ = ["ARTIFACTS"]  # tests import it from here

# Tasks run in the test process unless a test starts a real worker (see tests/worker.py), on a Redis
# database of the tests' own, so that a developer's running worker never takes the tests' tasks.
# Each pytest-xdist process gets a Redis database of its own (10, 11, ...): two real workers started by two
# test processes at once must never take each other's tasks, which name ids in another test database.
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
# TEST_REDIS_DB_BASE moves the range, so that two checkouts can run their suites side by side.
_REDIS_DB_BASE = int(os.environ.get("TEST_REDIS_DB_BASE", "10"))
TEST_BROKER_URL = os.environ.get("TEST_BROKER_URL") or (
    settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + f"/{_REDIS_DB_BASE + _XDIST_INDEX}"
)
celery_app.conf.broker_url = TEST_BROKER_URL
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True
fast_flush.install()


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end any session still on it: a live server's request thread
    that a page's polling reached as its test ended, or a worker killed on purpose. Otherwise dropping it
    fails with "being accessed by other users", after every test has passed."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _fast_local_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The real cache (a PostgreSQL table), with a key prefix per test so that no test sees another's limits.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def live_server(live_server, settings):
    """Links in e-mails start with SITE_URL: in a browser test, the test server's own address."""
    settings.SITE_URL = live_server.url
    return live_server


class SignedInClient(Client):
    """force_login stands for the whole sign-in: for someone with an authenticator app, code included.

    allauth notes in the session how this sign-in was made; the staff pages want a code among them.
    Tests of the two-factor step itself use allauth's views or write the records themselves.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator:
            now = time.time()
            record_sign_in(
                self,
                user,
                [
                    {"method": "password", "at": now, "email": user.email},
                    {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
                ],
            )


def record_sign_in(client: Client, user, records: list[dict]) -> None:
    """Write allauth's record of how this session signed in."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = user_id_to_str(user)
    session.save()


@pytest.fixture
def client():
    return SignedInClient()


def ensure_staff_groups() -> None:
    """Transactional tests flush the groups the migration made; put them back."""
    for role in StaffRole.values:
        Group.objects.get_or_create(name=role)
    view_equality = Permission.objects.get(codename="view_equalityrecord")
    Group.objects.get(name=StaffRole.INCLUSION_LEAD).permissions.add(view_equality)


@pytest.fixture
def staff_groups(db):
    ensure_staff_groups()


@pytest.fixture
def year(db):
    return factories.make_academic_year(2026)


@pytest.fixture
def school(db):
    return factories.SchoolFactory(name="Hillside Primary School")


@pytest.fixture
def other_school(db):
    return factories.SchoolFactory(name="Riverside Academy")


@pytest.fixture
def guardian(db):
    return factories.GuardianFactory(user__email="parent@example.org", user__first_name="Pat")


@pytest.fixture
def child(guardian, school):
    # A fixed name: a drawn one (O'Neill) is escaped in pages, and tests look for the name as written.
    child = factories.PupilFactory(first_name="Amira", last_name="Khan", school=school, guardians=[guardian])
    factories.EqualityRecordFactory(pupil=child)
    return child


@pytest.fixture
def other_guardian(db):
    return factories.GuardianFactory(user__email="other.parent@example.org")


@pytest.fixture
def other_child(other_guardian, other_school):
    return factories.PupilFactory(
        first_name="Ben", last_name="Carter", school=other_school, guardians=[other_guardian]
    )


@pytest.fixture
def contact(school):
    return factories.SchoolContactFactory(school=school, user__email="bursar@hillside.example.org")


@pytest.fixture
def other_contact(other_school):
    return factories.SchoolContactFactory(school=other_school, user__email="bursar@riverside.example.org")


def _staff(role):
    @pytest.fixture
    def fixture(staff_groups):
        return factories.make_staff(role, email=f"{role.lower().replace(' ', '.')}@hub.example.org")

    return fixture


hub_admin = _staff(StaffRole.HUB_ADMIN)
finance = _staff(StaffRole.FINANCE)
tutor = _staff(StaffRole.TUTOR)
store = _staff(StaffRole.INSTRUMENT_STORE)
ensemble_leader = _staff(StaffRole.ENSEMBLE_LEADER)
inclusion_lead = _staff(StaffRole.INCLUSION_LEAD)


@pytest.fixture
def people(
    guardian,
    child,
    other_child,
    contact,
    other_contact,
    hub_admin,
    finance,
    tutor,
    store,
    ensemble_leader,
    inclusion_lead,
):
    return {
        "guardian": guardian.user,
        "contact": contact.user,
        "Hub admin": hub_admin,
        "Finance": finance,
        "Tutor": tutor,
        "Instrument store": store,
        "Ensemble leader": ensemble_leader,
        "Inclusion lead": inclusion_lead,
    }


def current_totp(secret: str = factories.TOTP_SECRET) -> str:
    """The code an authenticator app shows now; in a window's last 3 seconds, the next one, as a person
    would wait for it, so that the code is still good when the form reaches the server."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def forget_used_codes() -> None:
    """allauth refuses a code used once in the same 30 seconds; a person would wait for the next one."""
    from django.core.cache import cache

    cache.clear()


# --- Browser rig ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


_SWEEP = pytest.StashKey[PageSweep]()


@pytest.fixture
def page(page, request):
    """axe checks every document this page loads, and the page as the test leaves it (tests/a11y.py)."""
    marker = request.node.get_closest_marker(KNOWN_ISSUES_MARKER)
    origin = request.getfixturevalue("live_server").url if "live_server" in request.fixturenames else ""
    sweep = PageSweep(request.node.name, known_exceptions=marker.args if marker else (), origin=origin)
    request.node.stash[_SWEEP] = sweep
    sweep.watch(page)
    yield page
    failures = sweep.finish(page)
    assert not failures, "\n".join(failures)


@pytest.fixture
def accessible(request):
    """accessible(page, "label"): axe on the page as it is now, for states between loads (an htmx swap)."""
    return A11yChecker(request.node.name, lambda: request.node.stash.get(_SWEEP, None))


def sign_in(
    page, live_server, email: str, password: str = factories.PASSWORD, *, totp: bool = False, check=None
):
    """Sign in through the real form, and the two-factor step when the account has one."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    # Each step waits for the page it leads to, so that the test's next goto does not cut it short.
    with page.expect_event("load"):
        page.get_by_role("button", name="Sign in").click()
    if totp:
        if check:
            check(page, "two-factor")
        page.get_by_label("Code").fill(current_totp())
        with page.expect_event("load"):
            page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def context(context):
    # Fail in seconds, not Playwright's default 30, when a label or role is not on the page.
    context.set_default_timeout(8_000)
    # A first page from a cold test server, on a machine shared with other work, may take longer than that.
    context.set_default_navigation_timeout(20_000)
    # Anything the Content-Security-Policy blocked (Chromium reports it on the console) fails the test. A
    # report without a source is about a script the test ran in the page: axe, which copies a stylesheet's
    # @import (the admin's forms.css has one) into a <style> that the policy rightly refuses.
    refused = []

    def on_console(message):
        if "Content Security Policy" in message.text and message.location.get("url"):
            refused.append(f"{message.location['url']}: {message.text}")

    context.on("console", on_console)
    yield context
    assert not refused, "Blocked by the Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture
def govuk_pay(settings):
    """A local fake GOV.UK Pay (tests/fake_govuk_pay.py), with the portal pointed at it."""
    from tests.fake_govuk_pay import API_KEY, FakeGovukPay

    with FakeGovukPay() as fake:
        settings.GOVUK_PAY_API_KEY = API_KEY
        settings.GOVUK_PAY_BASE_URL = fake.url
        settings.GOVUK_PAY_CARD_ORIGIN = fake.url
        settings.GOVUK_PAY_TIMEOUT = 0.5  # the fake's "timeout" holds its answer far longer
        yield fake
