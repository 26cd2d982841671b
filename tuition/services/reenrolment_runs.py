"""Re-enrolling everyone who stays: a recorded job that places each undecided pupil of a year whose matching
slot next year exists, one pupil an item, so that a run repeated or retried places nobody twice."""

from hub import jobs
from hub.access import Section
from hub.models import AcademicYear, Job, JobItem, User
from tuition.errors import TuitionError
from tuition.models import Enrolment
from tuition.selectors.enrolments import running_at_year_end
from tuition.selectors.reenrolment import rows_for
from tuition.services.reenrolment import Choice, next_year_after, reenrol

RUN_KIND = "tuition_reenrolment_run"


def start_reenrolment_run(*, year: AcademicYear, by: User | None) -> Job:
    """Record the run for `year`'s pupils; Celery carries it out."""
    upcoming = next_year_after(year)
    if upcoming is None:
        raise TuitionError(f"The year after {year} is not in the calendar yet.")
    try:
        return jobs.start_job(
            kind=RUN_KIND,
            params={"academic_year": year.pk},
            scope=str(year.pk),
            title=f"Re-enrolment into {upcoming} of everyone staying in the matching slot",
            by=by,
        )
    except jobs.JobError as error:
        raise TuitionError(str(error)) from error


def _plan(job: Job):
    year = AcademicYear.objects.get(pk=job.params["academic_year"])
    rows = rows_for(running_at_year_end(year), year)
    return [
        (f"enrolment:{row.enrolment.pk}", f"{row.enrolment.pupil.full_name}: {row.enrolment.instrument}")
        for row in rows
        if row.undecided and row.matching is not None
    ]


def _process(job: Job, item: JobItem) -> jobs.Outcome:
    year = AcademicYear.objects.get(pk=job.params["academic_year"])
    enrolment = Enrolment.objects.get(pk=int(item.key.split(":")[1]))
    try:
        placement = reenrol(enrolment=enrolment, year=year, choice=Choice.STAY, by=job.created_by)
    except TuitionError as error:
        return jobs.Outcome(JobItem.Status.SKIPPED, str(error))
    assert placement is not None
    return jobs.Outcome(JobItem.Status.DONE, str(placement.slot))


jobs.register(
    jobs.JobKind(name=RUN_KIND, plan=_plan, process=_process, roles=Section.LESSONS, done_word="placed")
)
