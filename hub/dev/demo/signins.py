"""The demo sign-ins: one account per kind of user, one shared password and one authenticator secret."""

import time
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from hub.dev.demo.users import DEMO_DOMAIN
from hub.models import StaffRole

DEMO_PASSWORD = "demo-music-hub-2026"
# Base32, as authenticator apps expect; it is public, so these accounts belong only on a demo server.
DEMO_TOTP_SECRET = "NORTHSHIREMUSICHUBDEMOTOTPSECRET"
# Fixed, so the recovery codes the portal shows the demo staff are the same after every reseed.
DEMO_RECOVERY_SEED = "northshire-music-hub-demo-recovery-codes-2026"


@dataclass(frozen=True, slots=True)
class DemoSignIn:
    label: str
    email: str
    first_name: str
    last_name: str
    role: str | None  # the staff role, or None for a parent or a school contact
    job_title: str = ""

    @property
    def is_staff(self) -> bool:
        return self.role is not None


def _address(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


ADMIN = DemoSignIn(
    "Hub admin", _address("admin"), "Helen", "Ashworth", StaffRole.HUB_ADMIN, "Head of music service"
)
FINANCE = DemoSignIn("Finance", _address("finance"), "Rajesh", "Mistry", StaffRole.FINANCE, "Finance officer")
TUTOR = DemoSignIn(
    "Tutor", _address("tutor"), "Claire", "Donnelly", StaffRole.TUTOR, "Instrumental tutor (strings)"
)
STORE = DemoSignIn(
    "Instrument store",
    _address("store"),
    "Gareth",
    "Pryce",
    StaffRole.INSTRUMENT_STORE,
    "Instrument store manager",
)
ENSEMBLES = DemoSignIn(
    "Ensemble leader",
    _address("ensembles"),
    "Olumide",
    "Adeyemi",
    StaffRole.ENSEMBLE_LEADER,
    "Ensembles manager",
)
INCLUSION = DemoSignIn(
    "Inclusion lead", _address("inclusion"), "Fatima", "Rahman", StaffRole.INCLUSION_LEAD, "Inclusion lead"
)
PARENT = DemoSignIn("Parent or carer", _address("parent"), "Sam", "Whitfield", None)
SCHOOL = DemoSignIn("School business manager", _address("school"), "Janet", "Brook", None)
DEMO_SIGNINS = (ADMIN, FINANCE, TUTOR, STORE, ENSEMBLES, INCLUSION, PARENT, SCHOOL)
STAFF_SIGNINS = tuple(sign_in for sign_in in DEMO_SIGNINS if sign_in.is_staff)


def current_code(*, now: float | None = None, secret: str = DEMO_TOTP_SECRET) -> tuple[str, int]:
    """The authenticator code for the secret at this moment, and for how many more seconds it holds."""
    now = time.time() if now is None else now
    period = mfa_settings.TOTP_PERIOD
    counter = int(now) // period
    return format_hotp_value(hotp_value(secret, counter)), period - int(now) % period


def sign_in_table() -> list[str]:
    """The lines to print after seeding: who to sign in as, and how staff get their second factor."""
    width = max(len(s.label) for s in DEMO_SIGNINS) + 2
    email_width = max(len(s.email) for s in DEMO_SIGNINS) + 2
    lines = [f"{'Role':<{width}}{'E-mail':<{email_width}}Password"]
    lines += [f"{s.label:<{width}}{s.email:<{email_width}}{DEMO_PASSWORD}" for s in DEMO_SIGNINS]
    lines.append(
        "Staff sign in with a code from: .venv/bin/python manage.py demo_totp "
        f"(secret {DEMO_TOTP_SECRET} for an authenticator app)"
    )
    return lines
