"""Benchmark asset labels: a sheet of 240 labels (ten A4 sheets of 24), read, coded and drawn as the labels
page does it in its request. The target is under 5 s.

On a throwaway database (BENCH_DB, musichub_bench_labels unless set) on the server of DATABASE_URL. Run from
the project root: .venv/bin/python bench/instrument_labels.py
"""

import os
import statistics
import time
from decimal import Decimal

from _throwaway import throwaway_database

BENCH_DB = os.environ.get("BENCH_DB", "musichub_bench_labels")
LABELS, RUNS = 240, 5


def build() -> None:
    from hub.models import InstrumentType
    from instruments.models import Instrument

    violin = InstrumentType.objects.create(name="Violin", slug="violin", family="strings", sizes=["3/4"])
    Instrument.objects.bulk_create(
        Instrument(
            asset_tag=f"VN-{n:05d}",
            instrument_type=violin,
            size="3/4",
            make="Stentor",
            model="Student II",
            replacement_value=Decimal("180.00"),
        )
        for n in range(LABELS)
    )


def one_sheet() -> tuple[float, float, float, int, float]:
    """Seconds to read the rows, to make the codes and to draw the PDF; the PDF's size; and the seconds of
    processor time it took (the machine may be shared: the wall clock then counts others' work too)."""
    from hub.models import InstrumentType
    from instruments import labels
    from instruments.selectors import inventory
    from instruments.selectors import labels as selectors

    cpu, started = time.process_time(), time.perf_counter()
    violin = InstrumentType.objects.get(slug="violin")
    rows = selectors.labels_for(inventory.inventory(instrument_type=violin), most=labels.MOST_LABELS_AT_ONCE)
    read = time.perf_counter()
    printed = [labels.label_of(row) for row in rows]
    coded = time.perf_counter()
    pdf = labels.label_sheet_pdf(printed)
    drawn = time.perf_counter()
    assert len(printed) == LABELS
    return read - started, coded - read, drawn - coded, len(pdf), time.process_time() - cpu


def main() -> None:
    with throwaway_database(BENCH_DB):
        build()
        one_sheet()  # warm: fonts and templates loaded once a process
        runs = [one_sheet() for _ in range(RUNS)]
    totals = [sum(run[:3]) for run in runs]
    print(f"{LABELS} labels ({LABELS // 24} sheets), {RUNS} runs after one to warm up:")
    print(f"  read the rows   median {statistics.median(r[0] for r in runs) * 1000:.0f} ms")
    print(f"  make the codes  median {statistics.median(r[1] for r in runs):.2f} s")
    print(
        f"  draw the PDF    median {statistics.median(r[2] for r in runs):.2f} s ({runs[0][3] / 1024:.0f} KB)"
    )
    median, slowest = statistics.median(totals), max(totals)
    print(f"  in all          median {median:.2f} s, slowest {slowest:.2f} s (target < 5 s)")
    print(f"  processor time  median {statistics.median(r[4] for r in runs):.2f} s")


if __name__ == "__main__":
    main()
