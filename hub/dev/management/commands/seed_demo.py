"""manage.py seed_demo: build the demo hub once and print a sign-in for every role."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.dev.demo.builder import seed_demo_hub
from hub.dev.demo.scale import FULL, SMALL
from hub.dev.demo.signins import sign_in_table


class Command(BaseCommand):
    help = (
        "Build a county-scale demo hub (about 500 schools, 20,000 pupils, 12,000 guardians, 120 tutors, "
        "15,000 enrolments in lessons) from a fixed seed. Running it again adds nothing. "
        "--small builds a tiny hub for tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--small", action="store_true", help="Build a tiny hub (12 schools, ~40 pupils).")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts share a published password and TOTP secret.",
        )

    def handle(
        self, *args, small: bool = False, allow_production: bool = False, verbosity: int = 1, **options
    ):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off, so this looks like a live portal. The demo accounts have a published password "
                "and two-factor secret: anyone could sign in as staff. Add --allow-production if you mean it."
            )
        scale = SMALL if small else FULL
        log = self.stdout.write if verbosity >= 1 else lambda line: None
        started = time.monotonic()
        result = seed_demo_hub(scale=scale, today=timezone.localdate(), log=log)
        if result.created:
            log(self.style.SUCCESS(f"Built the {scale.name} demo hub in {time.monotonic() - started:.1f} s."))
        elif result.counts:
            log(", ".join(f"{number:,} {name}" for name, number in result.counts.items()))
            log(
                self.style.SUCCESS(
                    "Added what it lacked (the instrument store, ensembles) to the demo hub here."
                )
            )
        else:
            log("The database already holds the demo hub, so nothing was added.")
        self.stdout.write("")
        for line in sign_in_table():
            self.stdout.write(line)
