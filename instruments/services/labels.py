"""A sheet of asset labels as a recorded job: the page records the tags chosen, and a worker draws the PDF
(240 labels take it 3 to 5 s) and keeps it on the job, for the job's page to link to.

It runs on the default queue, as imports and runs do, and not on the bulk one: someone waits at the store's
counter for it, and the bulk queue may hold a term's invoice PDFs (hundreds of them) ahead of it."""

import hashlib
import json

from hub import jobs
from hub.access import Section
from hub.documents import keep_rendering
from hub.models import Job, JobItem, User
from instruments import labels
from instruments.errors import InstrumentsError
from instruments.selectors import labels as selectors

KIND = labels.JOB_KIND
ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


def make_label_sheet(*, tags: list[str], skip: int, by: User) -> Job:
    """Record the job of a sheet of the instruments with these tags, in this order; Celery draws it.

    The same choice again by the same person while the first is under way (a double click) is that job.
    """
    choice = json.dumps([tags, skip])
    scope = f"{by.pk}:{hashlib.sha256(choice.encode()).hexdigest()[:32]}"
    title = f"Asset labels, {_count(len(tags), 'label')}"
    try:
        return jobs.start_job(kind=KIND, params={"tags": tags, "skip": skip}, scope=scope, title=title, by=by)
    except jobs.JobError as error:
        under_way = Job.objects.filter(kind=KIND, scope=scope, status__in=ACTIVE).first()
        if under_way is None:  # it finished in the moment between: this one may start
            raise InstrumentsError(str(error)) from error
        return under_way


def sheet_filename(job: Job) -> str:
    return f"asset-labels-{job.created_at:%Y%m%d-%H%M}.pdf"


def _plan(job: Job) -> list[tuple[str, str]]:
    tags = job.params["tags"]
    shown = ", ".join(tags[:3]) + (f" and {len(tags) - 3} more" if len(tags) > 3 else "")
    return [("sheet", f"Labels of {shown}")]


def _process(job: Job, item: JobItem) -> jobs.Outcome:
    # An instrument retagged or deleted since the choice fails the sheet, so none prints with a label missing.
    rows = selectors.labels_for_tags(job.params["tags"])
    printed = [labels.label_of(row) for row in rows]
    skip = job.params["skip"]
    # Drawn while the item's lock is held, as any job's item is done: only this job's own rows are locked.
    keep_rendering(
        job, "document", filename=sheet_filename(job), data=labels.label_sheet_pdf(printed, skip=skip)
    )
    sheets = len(labels.sheets(printed, skip=skip))
    result = {"labels": len(printed), "sheets": sheets}
    Job.objects.filter(pk=job.pk).update(result=result)
    return jobs.Outcome(JobItem.Status.DONE, f"{_count(len(printed), 'label')} on {_count(sheets, 'sheet')}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


jobs.register(
    jobs.JobKind(
        name=KIND,
        plan=_plan,
        process=_process,
        roles=Section.INSTRUMENTS,
        result_template="instruments/labels/_sheet_made.html",
        done_word="made",
    )
)
