"""A family's side of instrument hire: each child's requests and hires, the types they may ask for, and one
request or hire of theirs (404 for another family's). Scoped to the guardian."""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from hub.models import Guardian, InstrumentFamily, InstrumentType, User
from instruments.models import Hire, HireRequest
from instruments.selectors.queue import position_in_queue
from schools.models import Pupil


@dataclass
class ChildInstruments:
    child: Pupil
    requests: list[HireRequest] = field(default_factory=list)
    hires: list[Hire] = field(default_factory=list)


def family_instruments(guardian: Guardian) -> list[ChildInstruments]:
    """Each of the guardian's children with their hires (open first, newest first) and their requests still
    waiting (with their place in the queue) or closed: three queries, however many children."""
    children = {
        child.pk: ChildInstruments(child)
        for child in guardian.children.select_related("school").order_by("first_name", "last_name")
    }
    requests = (
        HireRequest.objects.filter(pupil__in=children)
        .exclude(status=HireRequest.Status.ALLOCATED)  # the hire it became is listed instead
        .select_related("instrument_type")
        .annotate(position=position_in_queue())
        .order_by("-requested_at", "-pk")
    )
    for hire_request in requests:
        children[hire_request.pupil_id].requests.append(hire_request)
    hires = (
        Hire.objects.filter(pupil__in=children)
        .exclude(status=Hire.Status.CANCELLED)
        .select_related("instrument__instrument_type")
        .order_by("-allocated_at", "-pk")
    )
    for hire in hires:
        children[hire.pupil_id].hires.append(hire)  # type: ignore[index]  # a family hire has its pupil
    for item in children.values():
        item.hires.sort(key=lambda hire: not hire.is_open)  # stable: open first, each part newest first
    return list(children.values())


def open_hires(pupil_ids: Collection[int]) -> list[Hire]:
    """The family's hires still open (to accept, to collect, or out) for its children (as the home page read
    them), the oldest first: one query of the fields the page shows."""
    return list(
        Hire.objects.filter(pupil_id__in=pupil_ids, status__in=Hire.OPEN)
        .select_related("pupil", "instrument__instrument_type")
        .only(
            "public_id",
            "status",
            "due_back_on",
            "pupil__first_name",
            "instrument__size",
            "instrument__make",
            "instrument__model",
            "instrument__instrument_type__name",
        )
        .order_by("allocated_at", "pk")
    )


def waiting_requests(pupil_ids: Collection[int]) -> int:
    """How many of the family's requests (for its children, as the home page read them) wait for an
    instrument."""
    return HireRequest.objects.filter(pupil_id__in=pupil_ids, status=HireRequest.Status.WAITING).count()


def hireable_types() -> QuerySet[InstrumentType]:
    """The types a family may ask to hire, by name."""
    return (
        InstrumentType.objects.filter(hireable=True).exclude(family=InstrumentFamily.VOICE).order_by("name")
    )


def get_request_for(user: User, public_id) -> HireRequest:
    """A request for one of the signed-in guardian's children, or 404."""
    found = (
        HireRequest.objects.select_related("pupil", "instrument_type")
        .filter(public_id=public_id, pupil__guardians__user=user)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found


def get_hire_for(user: User, public_id) -> Hire:
    """A hire to one of the signed-in guardian's children, or 404 (a class set's hire is no family's); with
    what its agreement names (not the child's school, which it does not)."""
    found = (
        Hire.objects.select_related(
            "pupil", "payer__user", "instrument__instrument_type", "agreement_accepted_by"
        )
        .filter(public_id=public_id, pupil__guardians__user=user)
        .first()
    )
    if found is None:
        raise Http404("No such hire.")
    return found
