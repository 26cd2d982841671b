import time

from django.core.management.base import BaseCommand, CommandError

from hub import jobs
from hub.billing.family_run import start_family_run
from hub.billing.services import BillingError
from hub.models import Job, Term


class Command(BaseCommand):
    help = "Start the family billing run for a term (e.g. --term 2026-autumn), wait, and print the outcome."

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True, help="The term as it names itself: 2026-autumn.")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--here", action="store_true", help="Do the work in this process, not a worker.")
        where.add_argument("--no-wait", action="store_true", help="Queue the run and return at once.")

    def handle(self, *args, term, here, no_wait, **options):
        year, _, kind = term.partition("-")
        found = Term.objects.filter(starts_on__year=int(year) if year.isdigit() else 0, kind=kind).first()
        if found is None:
            raise CommandError(f"No term {term}: give the year it starts in and its kind, e.g. 2026-autumn.")
        try:
            job = start_family_run(term=found, by=None)
        except BillingError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{job.title}: job {job.public_id}")
        if here:
            jobs.execute(job.pk)
        elif no_wait:
            return
        while True:
            job.refresh_from_db()
            if job.status in (Job.Status.DONE, Job.Status.FAILED):
                break
            time.sleep(1)  # following a worker's progress, as the job page does
        counts = jobs.progress(job)
        self.stdout.write(
            f"{job.get_status_display()}: {counts['done']:,} done, {counts['skipped']:,} skipped, "
            f"{counts['failed']:,} failed of {counts['total']:,}"
        )
        for item in job.items.filter(status__in=["failed", "skipped"]):
            self.stdout.write(f"  {item.get_status_display()}: {item.label}: {item.detail}")
