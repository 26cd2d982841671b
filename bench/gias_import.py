"""Benchmark importing the register of schools: a 50,000-row Windows-1252 file in the real GIAS layout.

Rows are made from tests/data/gias_sample.csv, the published sample (its header and rows, with URNs, names and
numbers varied, and one school in fifty with its free school meals figure suppressed, as "SUPP").
On a throwaway database (musichub_bench_gias): the first import creates every school, the second finds them
all unchanged. Run from the project root: .venv/bin/python bench/gias_import.py
"""

import csv
import io
import random
import time

from _throwaway import ROOT, throwaway_database

SAMPLE = ROOT / "tests" / "data" / "gias_sample.csv"
BENCH_DB = "musichub_bench_gias"
ROWS = 50_000


def register_file() -> bytes:
    """ROWS rows in the sample's layout, encoded as GIAS publishes it (Windows-1252)."""
    with SAMPLE.open(encoding="cp1252", newline="") as sample:
        reader = csv.reader(sample)
        header, templates = next(reader), list(reader)
    column = {name: i for i, name in enumerate(header)}
    rng = random.Random(2026)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for n in range(ROWS):
        row = list(rng.choice(templates))
        row[column["URN"]] = str(100_000 + n)
        row[column["EstablishmentName"]] = (
            f"{rng.choice(['St Mary’s', 'Hillside', 'Bramley', 'École'])} School {n}"
        )
        row[column["NumberOfPupils"]] = str(rng.randint(30, 1800))
        row[column["LA (code)"]] = str(rng.choice([931, 201, 202, 213]))
        if rng.random() < 0.02:
            row[column["PercentageFSM"]] = "SUPP"
        writer.writerow(row)
    return out.getvalue().encode("cp1252")


def main() -> None:
    data = register_file()
    print(f"file: {ROWS:,} rows, {len(data) / 1e6:.1f} MB, Windows-1252")
    with throwaway_database(BENCH_DB):
        from schools.gias import import_register

        for label, la_codes in (("first import", None), ("second import", None), ("--la 931", {"931"})):
            started = time.monotonic()
            report = import_register(rows_or_file=data, la_codes=la_codes)
            print(
                f"{label}: {time.monotonic() - started:.1f} s; created {report.created:,}, updated "
                f"{report.updated:,}, unchanged {report.unchanged:,}, skipped {len(report.skipped):,}, "
                f"kept as unknown {len(report.warnings):,}, outside the authorities {report.outside:,}"
            )


if __name__ == "__main__":
    main()
