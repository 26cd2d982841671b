"""Writes to an ensemble's members: recording a member leaving, with the reason, and next year's roll-over,
which copies this year's members who stay into the next academic year."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, Membership
from ensembles.services.outcomes import lock_ensemble
from hub.audit import record_change, snapshot
from hub.models import AcademicYear, AuditEvent, User

LONGEST_REASON = 1000


@transaction.atomic
def record_leaving(*, membership: Membership, left_on: datetime.date, reason: str, by: User) -> Membership:
    """The member leaves the ensemble on the day, for the reason given; their place is free from then."""
    locked = Membership.objects.select_for_update(of=("self",)).select_related("pupil").get(pk=membership.pk)
    if locked.left_on is not None:
        raise EnsemblesError(f"{locked.pupil.first_name} already left on {locked.left_on:%d/%m/%Y}.")
    reason = reason.strip()
    if not reason:
        raise EnsemblesError("Give the reason for leaving.", field="reason")
    if len(reason) > LONGEST_REASON:
        raise EnsemblesError(f"A reason is at most {LONGEST_REASON} characters.", field="reason")
    if left_on < locked.joined_on:
        raise EnsemblesError(
            f"A member cannot leave before joining ({locked.joined_on:%d/%m/%Y}).", field="left_on"
        )
    before = snapshot(locked, ["left_on", "leave_reason"])
    locked.left_on, locked.leave_reason = left_on, reason
    locked.save(update_fields=["left_on", "leave_reason"])
    after = snapshot(locked, ["left_on", "leave_reason"])
    record_change(actor=by, instance=locked, action=AuditEvent.Action.UPDATED, before=before, after=after)
    return locked


@dataclass
class RollOver:
    """What a roll-over did: who was copied into next year, and who was left out, each with the reason."""

    ensemble: Ensemble
    year: AcademicYear
    next_year: AcademicYear
    copied: list[Membership] = field(default_factory=list)
    left_out: list[tuple[Membership, str]] = field(default_factory=list)
    already: int = 0


def next_year_of(year: AcademicYear) -> AcademicYear:
    found = AcademicYear.objects.filter(starts_on__gt=year.starts_on).order_by("starts_on").first()
    if found is None:
        raise EnsemblesError(f"The academic year after {year} is not set up yet: ask the hub admin.")
    return found


def _left_out_because(member: Membership, ensemble: Ensemble, start: datetime.date) -> str | None:
    """Why a member is not copied into the year that starts on `start`; None if they are."""
    if member.left_on is not None:
        return f"left on {member.left_on:%d/%m/%Y}: {member.leave_reason}"
    age = member.pupil.age_on(start)
    if age > ensemble.max_age:
        return f"{age} on {start:%d/%m/%Y}, over the oldest age ({ensemble.max_age})"
    if not ensemble.takes_age(age):
        return f"{age} on {start:%d/%m/%Y}, under the youngest age ({ensemble.min_age})"
    return None


@transaction.atomic
def roll_over(*, ensemble: Ensemble, year: AcademicYear, by: User) -> RollOver:
    """Copy the year's members who have not left, and who are still within the ensemble's ages on the first
    day of next year, into next year, in the same section and on the same instrument, with the same payer.
    Safe to run again: a member already on next year's roll is not copied twice."""
    locked = lock_ensemble(ensemble)  # the places given next year are counted under this lock
    result = RollOver(ensemble=locked, year=year, next_year=next_year_of(year))
    start = result.next_year.starts_on
    there = set(
        Membership.objects.filter(ensemble=locked, academic_year=result.next_year).values_list(
            "pupil_id", flat=True
        )
    )
    room = (
        locked.capacity
        - Membership.objects.filter(
            ensemble=locked, academic_year=result.next_year, left_on__isnull=True
        ).count()
    )
    members = (
        Membership.objects.filter(ensemble=locked, academic_year=year)
        .select_related("pupil", "section", "instrument")
        .order_by("joined_on", "pk")
    )
    for member in members:
        if member.pupil_id in there:
            result.already += 1
            continue
        reason = _left_out_because(member, locked, start)
        if reason is None and room <= 0:
            reason = f"the ensemble is full (capacity {locked.capacity})"
        if reason is not None:
            result.left_out.append((member, reason))
            continue
        result.copied.append(_copy(member, result.next_year))
        room -= 1
    Membership.objects.bulk_create(result.copied)
    if result.copied:
        record_change(
            actor=by,
            instance=locked,
            action=AuditEvent.Action.UPDATED,
            after={"rolled_over": f"{len(result.copied)} members into {result.next_year}"},
        )
    return result


def _copy(member: Membership, next_year: AcademicYear) -> Membership:
    return Membership(
        ensemble_id=member.ensemble_id,
        section=member.section,
        pupil=member.pupil,
        instrument=member.instrument,
        academic_year=next_year,
        payer_id=member.payer_id,
        joined_on=next_year.starts_on,
    )
