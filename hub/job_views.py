"""Pages for recorded jobs: live progress (htmx polls a partial until the job is complete) and retrying."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hub import jobs
from hub.access import Section, has_role, role_required
from hub.models import Job, JobItem

LATEST_ITEMS = 50
# Any role that owns some kind of job passes the door; each job then asks its kind (see _job_for).
JOB_ROLES = tuple(dict.fromkeys(Section.MONEY + Section.PEOPLE + Section.INSTRUMENTS))


def _job_for(request, public_id) -> Job:
    """The job, if the user holds a role its kind names: invoice runs are finance's, imports the admin's."""
    job = get_object_or_404(Job, public_id=public_id)
    if not has_role(request.user, *jobs.kind_of(job).roles):
        raise PermissionDenied("Your account does not have the role this job needs.")
    return job


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
    job = _job_for(request, public_id)
    return render(request, "hub/job_detail.html", _context(job))


@role_required(*JOB_ROLES)
def job_progress(request, public_id):
    job = _job_for(request, public_id)
    return render(request, "hub/_job_progress.html", _context(job))


@role_required(*JOB_ROLES)
@require_POST
def job_retry(request, public_id):
    job = _job_for(request, public_id)
    try:
        jobs.retry_failed(job=job, by=request.user)
    except jobs.JobError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The failed items are queued again.")
    return redirect("hub:job-detail", public_id=job.public_id)
