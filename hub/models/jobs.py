import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


def job_document_path(job: "Job", filename: str) -> str:
    return f"jobs/{job.created_at:%Y/%m}/{job.public_id}/{filename}"


class Job(models.Model):
    """A recorded batch job (an invoice run, an export, a reminder sweep) that Celery carries out."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped by an error"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=40)
    # What the job works on, e.g. {"financial_year": 3, "instalment": 1}; `scope` is the same as text, so that
    # the database can refuse a second active job over the same thing.
    params = models.JSONField(default=dict)
    scope = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last handed to the broker."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life from the worker.")
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(
        default=dict, blank=True, help_text="What the job found, e.g. an import report."
    )
    # What the job made for download (a sheet of asset labels), drawn by the worker and kept (hub.documents).
    document = models.FileField(upload_to=job_document_path, blank=True, editable=False, max_length=200)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_job_per_scope",
                violation_error_message="This job is already under way. Wait for it to finish.",
            ),
        ]

    def __str__(self):
        return self.title


class JobItem(models.Model):
    """One thing a job does (one invoice to issue); claimed, then done, skipped or failed with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", "To do"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=120)
    label = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    detail = models.CharField(max_length=500, blank=True)
    # What the item produced, e.g. {"invoice": "<public id>"}, for links on the job page.
    output = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "key"],
                name="job_item_once",
                violation_error_message="This item is already part of the job.",
            )
        ]
        indexes = [models.Index(fields=["job", "status"])]

    def __str__(self):
        return self.label
