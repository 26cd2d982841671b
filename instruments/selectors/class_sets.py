"""Reads of the class sets lent to schools, for the store's staff: the loans, one loan with its instruments,
and the instruments in stock to choose a set from."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hub.models import InstrumentType
from instruments.models import ClassSetLoan, Hire, Instrument
from instruments.selectors.queue import available

# The checkboxes the form lists for a type (and size): a class set is thirty or so; more are typed as tags.
LISTED = 200


def loans() -> QuerySet[ClassSetLoan]:
    """Every class set, newest first, with how many instruments it lent and how many are still out."""
    return (
        ClassSetLoan.objects.select_related("school")
        .annotate(
            lent=Count("hires", filter=~Q(hires__status=Hire.Status.CANCELLED)),
            still_out=Count("hires", filter=Q(hires__status__in=Hire.OPEN)),
        )
        .order_by("-created_at", "-pk")
    )


def get_loan(public_id) -> ClassSetLoan:
    found = ClassSetLoan.objects.select_related("school", "created_by").filter(public_id=public_id).first()
    if found is None:
        raise Http404("No such class set.")
    return found


def hires_of(loan: ClassSetLoan) -> QuerySet[Hire]:
    return (
        Hire.objects.filter(class_set=loan)
        .select_related("instrument__instrument_type")
        .order_by("instrument__asset_tag")
    )


def lendable(*, instrument_type: InstrumentType | None, size: str = "") -> QuerySet[Instrument]:
    """Instruments in stock at the store (no school keeps them) of a type, and a size if given, by tag."""
    if instrument_type is None:
        return Instrument.objects.none()
    found = available().filter(instrument_type=instrument_type, school__isnull=True)
    if size:
        found = found.filter(size=size)
    return found.select_related("instrument_type").order_by("asset_tag")[:LISTED]


def by_tags(tags: list[str]) -> dict[str, Instrument]:
    """The instruments with these (normalised) tags, by tag; a tag no instrument has is missing."""
    return Instrument.objects.select_related("instrument_type").in_bulk(tags, field_name="asset_tag")
