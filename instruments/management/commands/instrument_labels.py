"""python manage.py instrument_labels --tags T1,T2 --out labels.pdf (or --type / --status): asset labels,
drawn at once and of any number (a command is not a web request: the page asks a worker for its sheet)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.models import InstrumentType
from instruments import labels
from instruments.errors import InstrumentsError
from instruments.models import Instrument
from instruments.selectors import inventory
from instruments.selectors import labels as selectors


class Command(BaseCommand):
    help = (
        "Write a PDF of asset labels, for A4 sheets of 24 (3 x 8, 70 x 37 mm, no gaps), for the instruments "
        "with the tags given, or of a type and/or status. An unknown tag is reported and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tags", help="asset tags, with commas between them")
        parser.add_argument("--type", dest="instrument_type", help="an instrument type, by name or slug")
        parser.add_argument("--status", choices=Instrument.Status.values, help="instruments with this status")
        parser.add_argument("--skip", type=int, default=0, help="labels already used on the first sheet")
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, **options):
        if options["tags"] and (options["instrument_type"] or options["status"]):
            raise CommandError("Give --tags, or --type and --status: not both.")
        if not 0 <= options["skip"] < labels.LABELS_PER_SHEET:
            raise CommandError(f"--skip is 0 to {labels.LABELS_PER_SHEET - 1}.")
        try:
            rows = self._rows(options)
        except InstrumentsError as error:
            raise CommandError(f"{error} Nothing was written.") from error
        printed = [labels.label_of(row) for row in rows]
        pdf = labels.label_sheet_pdf(printed, skip=options["skip"])
        try:
            Path(options["out"]).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"{options['out']} cannot be written: {error.strerror}.") from error
        sheets = len(labels.sheets(printed, skip=options["skip"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(rows)} label{'s' if len(rows) != 1 else ''} on {sheets} "
                f"sheet{'s' if sheets != 1 else ''} to {options['out']}."
            )
        )

    def _rows(self, options) -> list:
        if options["tags"]:
            return selectors.labels_for_tags(selectors.split_tags(options["tags"]))
        if not options["instrument_type"] and not options["status"]:
            raise CommandError("Say which instruments: --tags, or --type and/or --status.")
        found = None
        if options["instrument_type"]:
            wanted = options["instrument_type"].strip()
            found = (
                InstrumentType.objects.filter(slug=wanted.lower()).first()
                or InstrumentType.objects.filter(name__iexact=wanted).first()
            )
            if found is None:
                raise CommandError(f"No instrument type is called {wanted!r}. Nothing was written.")
        return selectors.labels_for(
            inventory.inventory(instrument_type=found, status=options["status"] or "")
        )
