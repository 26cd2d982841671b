"""The instruments app's Celery tasks: load by id, call a service, retry on transient faults. Nothing else."""

from celery import shared_task

from instruments.errors import InstrumentsError
from instruments.services import overdue


@shared_task(soft_time_limit=60, time_limit=90)
def remind_overdue_hires() -> str:
    """Weekly: start the day's recorded job of reminders about overdue hires (run as any job's items are)."""
    try:
        job = overdue.start_overdue_reminders()
    except InstrumentsError as error:  # today's is under way already: nothing to add
        return str(error)
    return str(job.public_id)
