"""python manage.py import_schools FILE [--la CODE ...]: upsert the register of schools from a GIAS CSV."""

from django.core.management.base import BaseCommand, CommandError

from schools import gias
from schools.errors import SchoolsError


class Command(BaseCommand):
    help = "Import the register of schools (the GIAS establishment CSV), upserting schools by URN."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the establishment CSV downloaded from GIAS")
        parser.add_argument(
            "--la",
            action="extend",
            nargs="+",
            default=[],
            metavar="CODE",
            help="import only schools of these local authority codes (e.g. --la 931 932); others are counted",
        )

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as file:
                report = gias.import_register(rows_or_file=file, la_codes=set(options["la"]) or None, by=None)
        except OSError as error:
            raise CommandError(f"The file cannot be opened: {error.strerror} ({options['file']}).") from error
        except SchoolsError as error:
            raise CommandError(f"The file was refused and nothing changed: {error}") from error
        for line in report.summary_lines():
            self.stdout.write(line)
        for skip in report.skipped:
            self.stdout.write(f"Skipped row {skip.row} (URN {skip.urn or 'none'}): {skip.reason}")
        for warning in report.warnings:
            self.stdout.write(
                f"Kept as unknown, row {warning.row} ({warning.school}, URN {warning.urn}): "
                f"{warning.column} {warning.value!r}, {warning.reason}"
            )
        if report.unmapped_districts:
            self.stdout.write(report.unmapped_line())
        self.stdout.write(self.style.SUCCESS(f"Imported {report.imported} schools."))
