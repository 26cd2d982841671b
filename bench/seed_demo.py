"""Benchmark seed_demo: full scale into a throwaway database, then again to show that a re-run adds nothing.

Run from the project root: .venv/bin/python bench/seed_demo.py
The database server comes from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/); the benchmark
creates and drops its own database, musichub_bench, on it.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

BENCH_DB = "musichub_bench"
COUNTS = {
    "areas": "SELECT count(*) FROM hub_area",
    "schools": "SELECT count(*) FROM schools_school",
    "pupils": "SELECT count(*) FROM schools_pupil",
    "equality records": "SELECT count(*) FROM schools_equalityrecord",
    "guardians": "SELECT count(*) FROM hub_guardian",
    "tutors": (
        "SELECT count(*) FROM hub_user_groups member JOIN auth_group role ON role.id = member.group_id "
        "WHERE role.name = 'Tutor'"
    ),
    "users": "SELECT count(*) FROM hub_user",
    "invoices": "SELECT count(*) FROM billing_invoice",
    "enrolments": "SELECT count(*) FROM tuition_enrolment",
    "waiting requests": "SELECT count(*) FROM tuition_lessonrequest WHERE status = 'waiting'",
    "attendance marks": "SELECT count(*) FROM tuition_attendance",
    "payments": "SELECT count(*) FROM billing_payment",
    "instruments": "SELECT count(*) FROM instruments_instrument",
    "hires": "SELECT count(*) FROM instruments_hire",
    "condition checks": "SELECT count(*) FROM instruments_conditioncheck",
}


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate(server_url: str, *, drop_only: bool = False) -> None:
    connection = psycopg.connect(database_url(server_url, "postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB)))
        if not drop_only:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
    connection.close()


def manage(*args: str, env: dict) -> tuple[float, int, str]:
    """Run manage.py in a child process; its wall time, its own peak RSS in bytes, and its output."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = child.stdout.read()
    # wait4 gives this child's own rusage, where RUSAGE_CHILDREN would mix in the migrate run.
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.stdout.write(output)
        raise SystemExit(f"manage.py {' '.join(args)} failed with exit code {child.returncode}")
    return elapsed, usage.ru_maxrss * 1024, output  # ru_maxrss is in kilobytes on Linux


def main() -> None:
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
    bench_url = database_url(server_url, BENCH_DB)
    env = {**os.environ, "DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "hub.settings"}
    recreate(server_url)
    try:
        migrate_time, _, _ = manage("migrate", "--noinput", "-v", "0", env=env)
        print(f"migrate: {migrate_time:.1f} s")
        seed_time, seed_rss, output = manage("seed_demo", env=env)
        print(output.rstrip())
        connection = psycopg.connect(bench_url)
        with connection.cursor() as cursor:
            counts = {}
            for name, query in COUNTS.items():
                cursor.execute(query)
                counts[name] = cursor.fetchone()[0]
        connection.close()
        print("counts: " + ", ".join(f"{number:,} {name}" for name, number in counts.items()))
        rerun_time, _, rerun_output = manage("seed_demo", env=env)
        if "nothing was added" not in rerun_output:
            raise SystemExit("The second run did not report an already seeded hub:\n" + rerun_output)
        made = ", ".join(f"{counts[name]:,} {name}" for name in ("schools", "pupils", "guardians", "tutors"))
        print(
            f"seed_demo: {seed_time:.1f} s, peak RSS {seed_rss / 2**20:.0f} MB; "
            f"re-run {rerun_time:.1f} s ({made})"
        )
    finally:
        recreate(server_url, drop_only=True)


if __name__ == "__main__":
    main()
