"""Remissions: the hub's categories, a family's application for a child and a year, staff's decision, and
beat's reminder to apply again before the next academic year.

An award holds for its academic year only (schools/selectors/remissions.py reads them by year), so a family
applies again each year; the reminder says so while there is time.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.billing.models import RemissionCategory
from hub.calendar import academic_year_for
from hub.models import AcademicYear, AuditEvent, User
from schools import emails
from schools.errors import RemissionError
from schools.models import Pupil, RemissionAward
from schools.selectors.remissions import years_open_for_applications

CATEGORY_FIELDS = [
    "name",
    "reason",
    "percent",
    "amount",
    "cap_per_term",
    "covers_lessons",
    "covers_hire",
    "covers_ensembles",
    "evidence_needed",
    "is_active",
]
AWARD_FIELDS = ["pupil", "category", "academic_year", "evidence", "status", "decided_by", "decision_note"]
# Which help a child gets says much about the family (free school meals, in care), and the evidence and the
# note may say anything: the trail records that these changed, not what they say.
AWARD_MASKED = ["category", "evidence", "decision_note"]
ONE_LIVE_AWARD = "one_live_award_per_child_category_year"


def _label(award: RemissionAward) -> str:
    """How the audit trail names an award: the child and the year, not the kind of help."""
    return f"Remission application for {award.pupil.full_name} ({award.academic_year})"


@transaction.atomic
def save_category(*, category: RemissionCategory | None, data: dict, by: User) -> RemissionCategory:
    """Add a remission category (category=None) or change one, recording what changed."""
    created = category is None
    # Read the row as stored: a form may have changed the instance it was given already.
    category = (
        RemissionCategory()
        if category is None
        else RemissionCategory.objects.select_for_update().get(pk=category.pk)
    )
    before = {} if created else snapshot(category, CATEGORY_FIELDS)
    for name in CATEGORY_FIELDS:
        setattr(category, name, data[name])
    category.full_clean()
    category.save()
    record_change(
        actor=by,
        instance=category,
        action=AuditEvent.Action.CREATED if created else AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(category, CATEGORY_FIELDS),
    )
    return category


@transaction.atomic
def apply_for_remission(
    *, pupil: Pupil, category: RemissionCategory, academic_year: AcademicYear, evidence: str, by: User
) -> RemissionAward:
    """A parent or carer applies for help with a child's fees for a year, describing the evidence."""
    if not pupil.guardians.filter(user=by).exists():
        raise RemissionError("Only the child's parent or carer can apply for them.")
    evidence = evidence.strip()
    if not evidence:
        raise RemissionError(
            "Describe the evidence you can show, e.g. a letter from the school.", field="evidence"
        )
    if not category.is_active:
        raise RemissionError("The hub no longer offers this kind of help. Choose another.", field="category")
    open_years = years_open_for_applications()
    if academic_year not in open_years:
        names = " or ".join(str(year) for year in open_years) or "no year yet"
        raise RemissionError(f"You can apply for {names}.", field="academic_year")
    try:
        with transaction.atomic():
            award = RemissionAward.objects.create(
                pupil=pupil,
                category=category,
                academic_year=academic_year,
                evidence=evidence,
                applied_by=by,
                applied_at=timezone.now(),
            )
    except IntegrityError as error:
        if ONE_LIVE_AWARD not in str(error):
            raise
        raise RemissionError(
            f"{pupil.first_name} already has {category.name} for {academic_year}, or an application for it "
            "waiting for a decision.",
            field="category",
        ) from error
    record_change(
        actor=by,
        instance=award,
        action=AuditEvent.Action.CREATED,
        after=snapshot(award, AWARD_FIELDS),
        masked=AWARD_MASKED,
        label=_label(award),
    )
    return award


@transaction.atomic
def decide_remission(*, award: RemissionAward, approve: bool, note: str, by: User) -> RemissionAward:
    """Staff approve or decline an application; the family is e-mailed the decision."""
    award = (
        RemissionAward.objects.select_for_update(of=("self",))
        .select_related("pupil", "category", "academic_year")
        .get(pk=award.pk)
    )
    if award.status != RemissionAward.Status.PENDING:
        raise RemissionError(
            f"This application has been decided already: {award.get_status_display().lower()}.",
            field="decision",
        )
    note = note.strip()
    if not approve and not note:
        raise RemissionError("Say why the application is declined: the family is told.", field="note")
    if approve and not award.category.is_active:
        raise RemissionError(
            f"{award.category.name} is no longer offered: make it active again, or decline.", field="decision"
        )
    before = snapshot(award, AWARD_FIELDS)
    award.status = RemissionAward.Status.APPROVED if approve else RemissionAward.Status.DECLINED
    award.decided_by, award.decided_at, award.decision_note = by, timezone.now(), note
    award.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record_change(
        actor=by,
        instance=award,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(award, AWARD_FIELDS),
        masked=AWARD_MASKED,
        label=_label(award),
    )
    emails.tell_of_remission_decision(award)
    return award


def reminder_due(today: datetime.date) -> tuple[AcademicYear, AcademicYear] | None:
    """(the ending year, the next) when families should be reminded today: from REMISSION_REMINDER_WEEKS
    before the year ends, once the hub has set up the next year (before then there is nothing to apply for).
    """
    ending = academic_year_for(today)
    if ending is None:
        return None
    if today < ending.ends_on - datetime.timedelta(weeks=settings.REMISSION_REMINDER_WEEKS):
        return None
    following = AcademicYear.objects.filter(starts_on__gt=ending.starts_on).order_by("starts_on").first()
    return None if following is None else (ending, following)


@transaction.atomic
def remind_to_reapply(*, today: datetime.date | None = None) -> int:
    """E-mail each family whose child's approved remission ends with this year, and who have not applied for
    the next, once; how many e-mails were queued. Safe to run twice, and alongside itself."""
    due = reminder_due(today or timezone.localdate())
    if due is None:
        return 0
    ending, following = due
    applied = RemissionAward.objects.filter(pupil=OuterRef("pupil"), academic_year=following)
    awards = list(
        RemissionAward.objects.filter(
            academic_year=ending, status=RemissionAward.Status.APPROVED, reminded_at__isnull=True
        )
        .exclude(Exists(applied))
        .select_for_update(of=("self",), skip_locked=True)
        .select_related("pupil", "category")
        .order_by("pupil__first_name", "category__name")
    )
    if not awards:
        return 0
    RemissionAward.objects.filter(pk__in=[a.pk for a in awards]).update(reminded_at=timezone.now())
    by_guardian: dict[User, list[RemissionAward]] = defaultdict(list)
    guardians = Pupil.guardians.through.objects.filter(pupil_id__in={a.pupil_id for a in awards})
    users_of = defaultdict(list)
    for link in guardians.select_related("guardian__user"):
        users_of[link.pupil_id].append(link.guardian.user)
    for award in awards:
        for user in users_of[award.pupil_id]:
            if user.is_active and user.email:
                by_guardian[user].append(award)
    for user, theirs in by_guardian.items():
        emails.remind_to_reapply(user=user, awards=theirs, ending=ending, following=following)
    return len(by_guardian)
