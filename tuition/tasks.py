"""The tuition app's Celery tasks: load by id, call a service, retry on transient faults. Nothing else."""

from celery import shared_task

from tuition.services import offer_deadlines


@shared_task(soft_time_limit=120, time_limit=150)
def expire_offers() -> int:
    """Beat: offers past their time lapse; the place is free and the child waits again where they were."""
    return offer_deadlines.expire_offers()


@shared_task(soft_time_limit=120, time_limit=150)
def remind_offers() -> int:
    """Beat: a reminder, once, to families whose offer expires within TUITION_OFFER_REMINDER_DAYS."""
    return offer_deadlines.remind_offers()
