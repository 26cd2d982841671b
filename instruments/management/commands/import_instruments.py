"""python manage.py import_instruments FILE: upsert the store's instruments, by asset tag, from a CSV file."""

from django.core.management.base import BaseCommand, CommandError

from instruments.errors import InstrumentsError
from instruments.inventory_csv import COLUMNS
from instruments.services.inventory_import import ImportRefused, import_instruments


class Command(BaseCommand):
    help = (
        f"Import instruments from a CSV file with the columns {','.join(COLUMNS)}, upserting them by asset "
        "tag. A file with any bad row imports nothing; each problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the inventory CSV (UTF-8 or Windows-1252)")

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as file:
                report = import_instruments(data=file.read(), by=None)
        except OSError as error:
            raise CommandError(f"The file cannot be opened: {error.strerror} ({options['file']}).") from error
        except ImportRefused as refused:
            for problem in refused.errors:
                column = f", {problem.column}" if problem.column else ""
                value = f" ({problem.value!r})" if problem.value else ""
                self.stderr.write(f"Row {problem.row}{column}{value}: {problem.message}")
            raise CommandError(str(refused)) from refused
        except InstrumentsError as error:
            raise CommandError(f"The file was refused and nothing changed: {error}") from error
        self.stdout.write(f"Rows read: {report.rows}")
        self.stdout.write(f"Created: {report.created}")
        self.stdout.write(f"Updated: {report.updated}")
        self.stdout.write(f"Unchanged: {report.unchanged}")
        self.stdout.write(self.style.SUCCESS(f"Imported {report.rows} instruments."))
