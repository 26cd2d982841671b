"""Reminders about hires past their due date: a recorded job that beat starts each week (or staff start from
the overdue list), e-mailing the guardian who pays for a family's hire, or the school's contacts for the class
set it holds, at most once a week for each hire (Hire.reminded_on records the last)."""

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from hub import jobs
from hub.access import Section
from hub.models import Job, JobItem, User
from instruments import reminder_emails
from instruments.errors import InstrumentsError
from instruments.models import Hire

REMINDER_KIND = "hire_overdue_reminders"
REMIND_EVERY = datetime.timedelta(days=7)


def is_overdue(today: datetime.date) -> Q:
    """A hire out past the day it was due back."""
    return Q(status=Hire.Status.OUT, due_back_on__lt=today)


def overdue(today: datetime.date) -> QuerySet[Hire]:
    """Hires out past the day they were due back."""
    return Hire.objects.filter(is_overdue(today))


def due_for_reminder(today: datetime.date) -> QuerySet[Hire]:
    """Overdue hires not reminded in the last week."""
    return overdue(today).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - REMIND_EVERY))


def start_overdue_reminders(*, today: datetime.date | None = None, by: User | None = None) -> Job:
    """Record the day's reminders job; Celery carries it out. Refused while that day's is under way."""
    today = today or timezone.localdate()
    try:
        return jobs.start_job(
            kind=REMINDER_KIND,
            params={"today": today.isoformat()},
            scope=f"date:{today.isoformat()}",
            title=f"Overdue hire reminders, {today:%d/%m/%Y}",
            by=by,
        )
    except jobs.JobError as error:
        raise InstrumentsError(str(error)) from error


def _today(job: Job) -> datetime.date:
    return datetime.date.fromisoformat(job.params["today"])


def _plan(job: Job) -> list[tuple[str, str]]:
    """An item a family's hire, or a class set (its overdue instruments in one e-mail to the school)."""
    hires = due_for_reminder(_today(job)).select_related("instrument", "pupil", "class_set__school")
    items: dict[str, str] = {}
    for hire in hires.order_by("due_back_on", "pk"):
        if hire.class_set is not None:
            school = hire.class_set.school
            items[f"class_set:{hire.class_set_id}"] = f"Class set at {school.name} ({school.urn})"
        else:
            pupil = hire.pupil
            assert pupil is not None  # a database constraint: a hire is a family's or a class set's
            items[f"hire:{hire.pk}"] = f"{hire.instrument.asset_tag}: {pupil.first_name} {pupil.last_name}"
    return list(items.items())


@transaction.atomic
def remind(*, key: str, today: datetime.date, job: Job | None = None) -> list[str] | None:
    """Claim the item's overdue hires not reminded this week (their rows locked, so that a run beside this
    one skips them) and e-mail about those: the addresses e-mailed, or None when there was none to claim."""
    what, _, pk = key.partition(":")
    lookup = {"class_set_id": int(pk)} if what == "class_set" else {"pk": int(pk)}
    claimed = list(
        due_for_reminder(today)
        .filter(**lookup)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("instrument__instrument_type", "pupil", "payer__user", "class_set__school")
        .order_by("due_back_on", "pk")
    )
    if not claimed:
        return None
    Hire.objects.filter(pk__in=[hire.pk for hire in claimed]).update(reminded_on=today)
    if what == "class_set":
        return reminder_emails.remind_school(claimed, today=today, job=job)
    return reminder_emails.remind_family(claimed[0], today=today, job=job)


def _process(job: Job, item: JobItem) -> jobs.Outcome:
    sent_to = remind(key=item.key, today=_today(job), job=job)
    if sent_to is None:
        return jobs.Outcome(JobItem.Status.SKIPPED, "Returned, or reminded this week already.")
    if not sent_to:
        return jobs.Outcome(JobItem.Status.SKIPPED, "No e-mail address to send the reminder to.")
    return jobs.Outcome(JobItem.Status.DONE, f"E-mailed {', '.join(sent_to)}")


jobs.register(
    jobs.JobKind(
        name=REMINDER_KIND, plan=_plan, process=_process, roles=Section.INSTRUMENTS, done_word="reminded"
    )
)
