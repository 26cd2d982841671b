import datetime

from django.db import models
from django.db.models import F, Q


class Weekday(models.IntegerChoices):
    """The days as Python's date.weekday() numbers them, so that lesson and rehearsal dates come from the
    calendar: teaching slots and ensembles' rehearsals both use it."""

    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class AcademicYear(models.Model):
    """A school year, September to August, written "2026/27"."""

    name = models.CharField(max_length=7, unique=True)
    starts_on = models.DateField(unique=True)
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="academic_year_ends_after_start",
                violation_error_message="An academic year must end after it starts.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def start_year(self) -> int:
        return self.starts_on.year

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def year_group_of(self, date_of_birth: datetime.date) -> int:
        return year_group_in(self.start_year, date_of_birth)


def year_group_in(start_year: int, date_of_birth: datetime.date) -> int:
    """National Curriculum year (0 = Reception) in the academic year starting in start_year, from the
    child's age on 31 August before it."""
    cutoff = datetime.date(start_year, 8, 31)
    age = (
        cutoff.year
        - date_of_birth.year
        - ((cutoff.month, cutoff.day) < (date_of_birth.month, date_of_birth.day))
    )
    return age - 4


def year_group_label(year_group: int) -> str:
    if year_group < 0:
        return "Pre-school"
    if year_group == 0:
        return "Reception"
    if year_group <= 13:
        return f"Year {year_group}"
    return "Post-school"


def key_stage_label(year_group: int) -> str:
    if year_group <= 0:
        return "Early years"
    for stage, last_year in (("KS1", 2), ("KS2", 6), ("KS3", 9), ("KS4", 11), ("KS5", 13)):
        if year_group <= last_year:
            return stage
    return "Post-school"


class Term(models.Model):
    class Kind(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "kind"],
                name="one_term_of_each_kind",
                violation_error_message="This academic year already has a term of that kind.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="term_ends_after_start",
                violation_error_message="A term must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on.year}"

    @property
    def slug(self) -> str:
        return f"{self.starts_on.year}-{self.kind}"


class TermBreak(models.Model):
    """A half-term holiday inside a term."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="breaks")
    name = models.CharField(max_length=60, default="Half term")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="break_ends_after_start",
                violation_error_message="A break must end on or after the day it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d/%m/%Y} to {self.ends_on:%d/%m/%Y})"


class ClosureDay(models.Model):
    """A day inside a term when the hub does not teach (bank holiday, training day)."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "date"],
                name="one_closure_a_day",
                violation_error_message="This academic year already has a closure on that day.",
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.reason}"


class FinancialYear(models.Model):
    """The hub's accounting year, 1 April to 31 March, written "2026-27"."""

    name = models.CharField(max_length=7, unique=True)
    starts_on = models.DateField(unique=True)
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="financial_year_ends_after_start",
                violation_error_message="A financial year must end after it starts.",
            ),
        ]

    def __str__(self):
        return self.name


class FamilyCalendarLink(models.Model):
    """A guardian's private calendar feed: its unguessable token is the whole of its URL's secret, so that
    a phone's calendar can subscribe without signing in. Stopping it (revoked) makes its URL answer 404;
    a new link has a new token."""

    guardian = models.ForeignKey("hub.Guardian", on_delete=models.CASCADE, related_name="calendar_links")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["guardian"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_calendar_link_per_guardian",
                violation_error_message="This family already has a calendar link.",
            ),
        ]

    def __str__(self):
        state = "stopped" if self.revoked_at else "live"
        return f"Calendar link of {self.guardian} ({state})"
