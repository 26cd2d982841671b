from django.core.management.base import BaseCommand, CommandError

from hub.job_commands import add_where_arguments, follow
from hub.models import FinancialYear
from schools.errors import InvoicingError
from schools.services.invoice_runs import start_invoice_run


class Command(BaseCommand):
    help = "Start an SLA invoice run for one instalment of a financial year (e.g. --year 2027 for 2026-27)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, help="The year the financial year ends: 2027 for 2026-27."
        )
        parser.add_argument("--instalment", type=int, required=True, choices=[1, 2, 3])
        add_where_arguments(parser)

    def handle(self, *args, year, instalment, here, no_wait, **options):
        financial_year = FinancialYear.objects.filter(ends_on__year=int(year.split("-")[-1][-4:])).first()
        if financial_year is None:
            raise CommandError(f"No financial year ends in {year}.")
        try:
            job = start_invoice_run(financial_year=financial_year, instalment=instalment, by=None)
        except InvoicingError as error:
            raise CommandError(str(error)) from error
        follow(self, job, here=here, no_wait=no_wait)
