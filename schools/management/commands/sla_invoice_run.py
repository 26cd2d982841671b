import time

from django.core.management.base import BaseCommand, CommandError

from hub import jobs
from hub.models import FinancialYear, Job
from schools.errors import InvoicingError
from schools.services.invoice_runs import start_invoice_run


class Command(BaseCommand):
    help = "Start an SLA invoice run for one instalment of a financial year (e.g. --year 2027 for 2026-27)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, help="The year the financial year ends: 2027 for 2026-27."
        )
        parser.add_argument("--instalment", type=int, required=True, choices=[1, 2, 3])
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--here", action="store_true", help="Do the work in this process, not a worker.")
        where.add_argument("--no-wait", action="store_true", help="Queue the run and return at once.")

    def handle(self, *args, year, instalment, here, no_wait, **options):
        financial_year = FinancialYear.objects.filter(ends_on__year=int(year.split("-")[-1][-4:])).first()
        if financial_year is None:
            raise CommandError(f"No financial year ends in {year}.")
        try:
            job = start_invoice_run(financial_year=financial_year, instalment=instalment, by=None)
        except InvoicingError as error:
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
