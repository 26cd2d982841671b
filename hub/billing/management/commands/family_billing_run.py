from django.core.management.base import BaseCommand, CommandError

from hub.billing.family_run import start_family_run
from hub.billing.services import BillingError
from hub.job_commands import add_where_arguments, follow
from hub.models import Term


class Command(BaseCommand):
    help = "Start the family billing run for a term (e.g. --term 2026-autumn), wait, and print the outcome."

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True, help="The term as it names itself: 2026-autumn.")
        add_where_arguments(parser)

    def handle(self, *args, term, here, no_wait, **options):
        year, _, kind = term.partition("-")
        found = Term.objects.filter(starts_on__year=int(year) if year.isdigit() else 0, kind=kind).first()
        if found is None:
            raise CommandError(f"No term {term}: give the year it starts in and its kind, e.g. 2026-autumn.")
        try:
            job = start_family_run(term=found, by=None)
        except BillingError as error:
            raise CommandError(str(error)) from error
        follow(self, job, here=here, no_wait=no_wait)
