"""What a management command that starts a recorded job shares: --here or --no-wait, then following the job
as its page does and printing the outcome (sla_invoice_run, family_billing_run)."""

import time

from django.core.management.base import BaseCommand

from hub import jobs
from hub.models import Job


def add_where_arguments(parser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--here", action="store_true", help="Do the work in this process, not a worker.")
    where.add_argument("--no-wait", action="store_true", help="Queue the run and return at once.")


def follow(command: BaseCommand, job: Job, *, here: bool, no_wait: bool) -> None:
    """Carry out the job here, or wait for a worker to (unless told not to), and print how it went."""
    command.stdout.write(f"{job.title}: job {job.public_id}")
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
    command.stdout.write(
        f"{job.get_status_display()}: {counts['done']:,} done, {counts['skipped']:,} skipped, "
        f"{counts['failed']:,} failed of {counts['total']:,}"
    )
    for item in job.items.filter(status__in=["failed", "skipped"]):
        command.stdout.write(f"  {item.get_status_display()}: {item.label}: {item.detail}")
