"""Importing the register from the upload page as a recorded job: a 50,000-row file takes a worker seconds,
which is too long to keep a web request waiting."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from hub import jobs
from hub.access import Section
from hub.models import Job, JobItem, User
from schools import gias

KIND = "register_import"
UPLOADS = "register-imports"


def start_register_import(*, data: bytes, file_name: str, la_codes: set[str] | None, by: User | None) -> Job:
    """Check the file now (a wrong file is refused before anything is queued), keep it, queue the import."""
    gias.check_register_file(data)
    path = default_storage.save(f"{UPLOADS}/{uuid.uuid4()}.csv", ContentFile(data))
    try:
        return jobs.start_job(
            kind=KIND,
            params={"path": path, "la_codes": sorted(la_codes or ()), "file_name": file_name},
            scope="register",
            title=f"Import of {file_name}",
            by=by,
        )
    except jobs.JobError:
        default_storage.delete(path)
        raise


def _plan(job: Job):
    return [("file", job.params["file_name"])]


def _process(job: Job, item: JobItem) -> jobs.Outcome:
    with default_storage.open(job.params["path"], "rb") as stored:
        data = stored.read()
    report = gias.import_register(rows_or_file=data, la_codes=set(job.params["la_codes"]), by=job.created_by)
    Job.objects.filter(pk=job.pk).update(result=gias.report_as_dict(report))
    transaction.on_commit(lambda: default_storage.delete(job.params["path"]))
    detail = (
        f"{report.created:,} created, {report.updated:,} updated, {report.unchanged:,} unchanged, "
        f"{len(report.skipped):,} skipped, {len(report.warnings):,} with a value kept as unknown"
    )
    return jobs.Outcome(JobItem.Status.DONE, detail)


jobs.register(
    jobs.JobKind(
        name=KIND,
        plan=_plan,
        process=_process,
        roles=Section.PEOPLE,
        result_template="schools/register/_report.html",
    )
)
