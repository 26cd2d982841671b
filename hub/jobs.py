"""Recorded batch jobs: an invoice run, an import, an export. Celery carries them out item by item.

A kind of job registers how to plan its items and how to do one. Starting a job records it and queues it
once the transaction commits; the worker claims items one at a time (so two workers, or a worker restarted
after a crash, share the work without doing anything twice); beat's sweep re-queues any job that was never
handed to the broker (Redis down) or whose worker stopped beating.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from hub.models import Job, JobItem, User
from hub.queue import send_to_worker

logger = logging.getLogger(__name__)
STALLED_AFTER = datetime.timedelta(minutes=2)


class JobError(Exception):
    """A job that cannot be started or changed, with a reason a person can read."""


@dataclass(frozen=True)
class Outcome:
    status: str  # JobItem.Status.DONE / SKIPPED / FAILED
    detail: str = ""
    output: dict | None = None


@dataclass(frozen=True)
class JobKind:
    """How to carry out one kind of job.

    plan(job) names the items as (key, label) pairs. process(job, item) does one item inside a transaction
    that holds the item's row lock, and returns an Outcome; an exception fails the item (with its message)
    and rolls back what it did.
    """

    name: str
    plan: Callable[[Job], Iterable[tuple[str, str]]]
    process: Callable[[Job, JobItem], Outcome]
    # The staff roles that may see and retry this kind's jobs (a Section of hub.access), checked per job.
    roles: tuple[str, ...]
    # Shows job.result on the job's page once it is there, e.g. an import's report.
    result_template: str = ""
    # What a done item is called on the job's page: "450 issued".
    done_word: str = "done"
    # A kind with thousands of small items (a family billing run's bills) may do them `batch` at a time:
    # process_many(job, items) does them together and returns an outcome per item, in order. If it raises,
    # the batch rolls back and its items are done again one at a time by `process`, so that a fault fails
    # only the item it belongs to.
    process_many: Callable[[Job, list[JobItem]], list[Outcome]] | None = None
    batch: int = 1


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _KINDS[kind.name] = kind


def kind_of(job: Job) -> JobKind:
    return _KINDS[job.kind]


def start_job(*, kind: str, params: dict, scope: str, title: str, by: User | None) -> Job:
    """Record a job and queue it after commit; refuses a second active job over the same thing."""
    if kind not in _KINDS:
        raise JobError(f"Unknown kind of job: {kind}.")
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, params=params, scope=scope, title=title, created_by=by)
    except IntegrityError as error:
        raise JobError(
            f"{title} is already under way. Watch it on its page, or wait for it to finish."
        ) from error
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> bool:
    """Hand a job to the broker; when it cannot be reached the job waits for beat's sweep."""
    sent = send_to_worker("hub.tasks.run_job", job_id)
    if sent:
        Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    return sent


@transaction.atomic
def retry_failed(*, job: Job, by: User | None) -> Job:
    """Put a finished job's failed items back in the queue and run it again."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status in (Job.Status.QUEUED, Job.Status.RUNNING):
        raise JobError("The job is still under way.")
    failed = job.items.filter(status=JobItem.Status.FAILED).update(status=JobItem.Status.PENDING, detail="")
    if not failed:
        raise JobError("Nothing failed, so there is nothing to retry.")
    job.status, job.finished_at, job.dispatched_at = Job.Status.QUEUED, None, None
    job.save(update_fields=["status", "finished_at", "dispatched_at"])
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def execute(job_id: int) -> None:
    """Carry out a job until no item is left to claim. Safe to run twice at once, or again after a crash."""
    job = Job.objects.get(pk=job_id)
    if job.status in (Job.Status.DONE, Job.Status.FAILED):
        return
    kind = kind_of(job)
    _plan_once(job, kind)
    while _do_next_item(job, kind):
        pass
    _finish_if_complete(job)


def _plan_once(job: Job, kind: JobKind) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    if job.items.exists():
        return
    try:
        items = [JobItem(job=job, key=key, label=label[:200]) for key, label in kind.plan(job)]
    except Exception as error:
        logger.exception("Planning %s failed", job)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), message=f"Could not start: {error}"[:1000]
        )
        raise
    # Two executors planning at once insert the same keys; the unique constraint keeps one of each.
    JobItem.objects.bulk_create(items, ignore_conflicts=True)
    Job.objects.filter(pk=job.pk).update(total=job.items.count())


def _do_next_item(job: Job, kind: JobKind) -> bool:
    """Claim pending items (skipping any another worker holds), do them, record their outcomes."""
    items: list[JobItem] = []
    try:
        with transaction.atomic():
            items = list(
                JobItem.objects.select_for_update(skip_locked=True)
                .filter(job=job, status=JobItem.Status.PENDING)
                .order_by("id")[: kind.batch if kind.process_many else 1]
            )
            if not items:
                return False
            now = timezone.now()
            for item, outcome in zip(items, _outcomes(job, kind, items), strict=True):
                item.status, item.detail, item.output = (
                    outcome.status,
                    outcome.detail[:500],
                    outcome.output or {},
                )
                item.attempts += 1
                item.updated_at = now
            JobItem.objects.bulk_update(items, ["status", "detail", "output", "attempts", "updated_at"])
            Job.objects.filter(pk=job.pk).update(heartbeat_at=now)
    except Exception as error:
        # Recording the outcomes failed (the database went away): fail the items in a transaction alone.
        logger.exception("Job %s items failed", job.pk)
        JobItem.objects.filter(pk__in=[item.pk for item in items]).update(
            status=JobItem.Status.FAILED,
            detail=str(error)[:500] or type(error).__name__,
            attempts=F("attempts") + 1,
            updated_at=timezone.now(),
        )
    return True


def _outcomes(job: Job, kind: JobKind, items: list[JobItem]) -> list[Outcome]:
    """The items done together, or (one item, or a batch that raised) each alone in a savepoint of its own."""
    if kind.process_many and len(items) > 1:
        try:
            with transaction.atomic():
                return kind.process_many(job, items)
        except Exception:
            logger.warning(
                "Job %s: a batch failed, so its items are done one at a time", job.pk, exc_info=True
            )
    outcomes = []
    for item in items:
        try:
            with transaction.atomic():
                outcomes.append(kind.process(job, item))
        except Exception as error:
            # The item's own work rolled back with its savepoint.
            logger.exception("Job %s item %s failed", job.pk, item.key)
            outcomes.append(Outcome(JobItem.Status.FAILED, str(error)[:500] or type(error).__name__))
    return outcomes


def _finish_if_complete(job: Job) -> None:
    if job.items.filter(status=JobItem.Status.PENDING).exists():
        return
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, finished_at=timezone.now()
    )


def progress(job: Job) -> dict:
    """Counts for the job's page: items by outcome and, where the job sends e-mail, how many have gone.

    A job whose items are all done is not "Finished" while its e-mails are still going out (they are sent
    by the bulk worker, after the items).
    """
    counts = job.items.aggregate(
        done=Count("id", filter=Q(status=JobItem.Status.DONE)),
        skipped=Count("id", filter=Q(status=JobItem.Status.SKIPPED)),
        failed=Count("id", filter=Q(status=JobItem.Status.FAILED)),
        pending=Count("id", filter=Q(status=JobItem.Status.PENDING)),
    )
    emails = job.emails.aggregate(
        all=Count("id"),
        sent=Count("id", filter=Q(status="sent")),
        failed=Count("id", filter=Q(status="failed")),
    )
    finished = counts["done"] + counts["skipped"] + counts["failed"]
    emailing = emails["all"] > emails["sent"] + emails["failed"]
    ended = job.status in (Job.Status.DONE, Job.Status.FAILED)
    return {
        **counts,
        "total": job.total,
        "finished": finished,
        "percent": round(100 * finished / job.total)
        if job.total
        else (100 if job.status == Job.Status.DONE else 0),
        "emails": emails,
        "complete": ended and not emailing,
        "label": "Sending e-mails"
        if job.status == Job.Status.DONE and emailing
        else job.get_status_display(),
        "headline": _headline(job, counts, finished, emails),
    }


def _headline(job: Job, counts: dict, finished: int, emails: dict) -> str:
    """'120 of 450 issued · 68 of 120 e-mailed', or '3 of 3 done' for a job that sends no e-mail."""
    word = kind_of(job).done_word if job.kind in _KINDS else "done"
    if job.status == Job.Status.QUEUED:
        return ""
    # A kind with a word of its own counts only what it did ("issued"), not what it skipped.
    text = f"{counts['done'] if word != 'done' else finished:,} of {job.total:,} {word}"
    if emails["all"]:
        text += f" · {emails['sent']:,} of {emails['all']:,} e-mailed"
    if emails["failed"]:
        text += f" ({emails['failed']:,} could not be sent)"
    return text


def sweep(*, stalled_after: datetime.timedelta = STALLED_AFTER) -> dict:
    """Beat's safety net: queue jobs never handed to the broker, and jobs whose worker went quiet."""
    now = timezone.now()
    waiting = Job.objects.filter(status=Job.Status.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - stalled_after)
    )
    stalled = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - stalled_after)
    requeued = 0
    for job_id in list(waiting.values_list("pk", flat=True)) + list(stalled.values_list("pk", flat=True)):
        requeued += dispatch(job_id)
    return {"jobs": requeued}
