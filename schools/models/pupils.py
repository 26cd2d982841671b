"""Pupils and their equality monitoring record (special category data, with its own permission)."""

import datetime
import uuid

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from hub.models import AcademicYear
from hub.models.calendar import key_stage_label, year_group_label
from schools.models.schools import School


class Pupil(models.Model):
    """A child or young person the hub works with. Year group is derived, never stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="pupils")
    other_school_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="If the school is outside the register: home educated, abroad, …",
    )
    guardians = models.ManyToManyField("hub.Guardian", related_name="children", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        # Lists of pupils, and of their enrolments, run in name order: a county's first page is read from
        # this index, not by sorting twenty thousand pupils.
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="pupil_by_name"),
            # Staff search names by any part ("mit" finds Smith), as icontains writes it: UPPER(x) LIKE.
            GinIndex(OpClass(Upper("first_name"), name="gin_trgm_ops"), name="pupil_first_name_search"),
            GinIndex(OpClass(Upper("last_name"), name="gin_trgm_ops"), name="pupil_last_name_search"),
        ]
        constraints = [
            # Exactly one of a registered school or the name of another one.
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(other_school_name=""))
                | (Q(school__isnull=True) & ~Q(other_school_name="")),
                name="pupil_has_one_school",
                violation_error_message=(
                    "Choose the pupil's school from the list, or type its name if it is not listed, "
                    "but not both."
                ),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def school_name(self) -> str:
        return self.school.name if self.school_id else self.other_school_name

    def year_group(self, academic_year: AcademicYear) -> int:
        return academic_year.year_group_of(self.date_of_birth)

    def year_group_label(self, academic_year: AcademicYear) -> str:
        return year_group_label(self.year_group(academic_year))

    def key_stage(self, academic_year: AcademicYear) -> str:
        return key_stage_label(self.year_group(academic_year))

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.date_of_birth, day)


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """A person's age in whole years on a day."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


class Gender(models.TextChoices):
    GIRL = "F", "Girl or young woman"
    BOY = "M", "Boy or young man"
    OTHER = "O", "Describes themselves another way"
    NOT_SAID = "N", "Prefer not to say"


class Ethnicity(models.TextChoices):
    """The DfE school census ethnicity codes."""

    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WIRT = "WIRT", "White - Traveller of Irish heritage"
    WROM = "WROM", "White - Gypsy/Roma"
    WOTH = "WOTH", "White - any other White background"
    MWBC = "MWBC", "Mixed - White and Black Caribbean"
    MWBA = "MWBA", "Mixed - White and Black African"
    MWAS = "MWAS", "Mixed - White and Asian"
    MOTH = "MOTH", "Mixed - any other mixed background"
    AIND = "AIND", "Asian or Asian British - Indian"
    APKN = "APKN", "Asian or Asian British - Pakistani"
    ABAN = "ABAN", "Asian or Asian British - Bangladeshi"
    AOTH = "AOTH", "Asian or Asian British - any other Asian background"
    BCRB = "BCRB", "Black or Black British - Caribbean"
    BAFR = "BAFR", "Black or Black British - African"
    BOTH = "BOTH", "Black or Black British - any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Prefer not to say"
    NOBT = "NOBT", "Not yet obtained"


class SendStatus(models.TextChoices):
    NONE = "N", "No special educational needs"
    SUPPORT = "K", "SEN support"
    EHCP = "E", "Education, health and care plan"
    NOT_SAID = "X", "Prefer not to say"


class EqualityRecord(models.Model):
    """Equality monitoring data: special category personal data, read only with its own permission."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="equality")
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    send = models.CharField("SEND", max_length=1, choices=SendStatus.choices, blank=True)
    # Yes, no, or None for "not given": a family may answer some questions and not others.
    free_school_meals = models.BooleanField(
        "eligible for free school meals", null=True, blank=True, default=None
    )
    pupil_premium = models.BooleanField("eligible for pupil premium", null=True, blank=True, default=None)
    looked_after = models.BooleanField(
        "looked after by the local authority", null=True, blank=True, default=None
    )
    young_carer = models.BooleanField(null=True, blank=True, default=None)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["free_school_meals"]), models.Index(fields=["send"])]

    def __str__(self):
        return f"Equality record for pupil {self.pupil_id}"
