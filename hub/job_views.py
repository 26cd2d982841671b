"""Pages for recorded jobs: live progress (htmx polls a partial until the job is complete) and retrying."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hub import jobs
from hub.access import Section, role_required
from hub.models import Job, JobItem

LATEST_ITEMS = 50
# Invoice runs are finance's; register imports the hub admin's.
JOB_ROLES = tuple(dict.fromkeys(Section.MONEY + Section.PEOPLE))


def _context(job: Job) -> dict:
    items = job.items.order_by("-updated_at", "-id")
    return {
        "job": job,
        "progress": jobs.progress(job),
        "problems": job.items.filter(status__in=[JobItem.Status.FAILED, JobItem.Status.SKIPPED]).order_by(
            "id"
        ),
        "latest": items.filter(status=JobItem.Status.DONE)[:LATEST_ITEMS],
        "broker_unreachable": job.status == Job.Status.QUEUED and job.dispatched_at is None,
        "result_template": jobs.kind_of(job).result_template if job.result else "",
    }


@role_required(*JOB_ROLES)
def job_detail(request, public_id):
    job = get_object_or_404(Job, public_id=public_id)
    return render(request, "hub/job_detail.html", _context(job))


@role_required(*JOB_ROLES)
def job_progress(request, public_id):
    job = get_object_or_404(Job, public_id=public_id)
    return render(request, "hub/_job_progress.html", _context(job))


@role_required(*JOB_ROLES)
@require_POST
def job_retry(request, public_id):
    job = get_object_or_404(Job, public_id=public_id)
    try:
        jobs.retry_failed(job=job, by=request.user)
    except jobs.JobError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The failed items are queued again.")
    return redirect("hub:job-detail", public_id=job.public_id)
