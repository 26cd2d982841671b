"""manage.py demo_totp: the code the demo staff accounts' authenticator app would show right now."""

from django.core.management.base import BaseCommand

from hub.dev.demo.signins import DEMO_TOTP_SECRET, current_code


class Command(BaseCommand):
    help = "Print the current two-factor code for the demo staff accounts, and how long it stays valid."

    def handle(self, *args, **options):
        code, seconds = current_code()
        self.stdout.write(code)
        self.stdout.write(f"Valid for {seconds} more seconds (demo secret {DEMO_TOTP_SECRET}).")
