"""Reads for asset labels, for the instrument store's staff: the instruments named by their tags, or those a
filter of the inventory finds, each read as the label prints it (one query of plain values); and the jobs that
drew sheets of them."""

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hub.models import Job
from instruments.errors import InstrumentsError
from instruments.labels import JOB_KIND
from instruments.models import Instrument
from instruments.services.inventory import normalise_tag

LABEL_FIELDS = ("asset_tag", "size", "make", "model", "instrument_type__name")


def split_tags(typed: str) -> list[str]:
    """The tags in what was typed or pasted (commas, spaces or lines between them), in capitals, each once."""
    return list(dict.fromkeys(normalise_tag(tag) for tag in re.split(r"[\s,;]+", typed) if tag.strip()))


def _rows(instruments: QuerySet[Instrument]) -> QuerySet[Any]:
    return instruments.values_list(*LABEL_FIELDS, named=True)


def by_tags(tags: Iterable[str]) -> tuple[list[Any], list[str]]:
    """The instruments with these tags, in the order given, and the tags no instrument has."""
    tags = list(tags)
    found = {row.asset_tag: row for row in _rows(Instrument.objects.filter(asset_tag__in=tags).order_by())}
    return [found[tag] for tag in tags if tag in found], [tag for tag in tags if tag not in found]


def labels_for_tags(tags: list[str], *, most: int | None = None) -> list[Any]:
    """The instruments with these tags, in the order given; InstrumentsError naming any tag not known, so
    that no sheet is printed with a label missing."""
    if not tags:
        raise InstrumentsError("Give the asset tags to print.", field="tags")
    if most is not None and len(tags) > most:
        raise _too_many(most)
    rows, unknown = by_tags(tags)
    if unknown:
        raise InstrumentsError(
            f"No instrument has the tag{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}. "
            "Put the tags right, or leave them out.",
            field="tags",
        )
    return rows


def labels_for(instruments: QuerySet[Instrument], *, most: int | None = None) -> list[Any]:
    """The instruments a filter found (instruments.selectors.inventory), in tag order; InstrumentsError if
    none, or more than `most`."""
    rows = list(_rows(instruments.order_by("asset_tag"))[: most + 1 if most is not None else None])
    if not rows:
        raise InstrumentsError("No instrument matches, so there is nothing to print.")
    if most is not None and len(rows) > most:
        raise _too_many(most)
    return rows


def _too_many(most: int) -> InstrumentsError:
    return InstrumentsError(
        f"That is more than {most} labels, the most printed at once here: narrow the choice, or print them "
        "with the instrument_labels command."
    )


def get_sheet_job(public_id) -> Job:
    """A job that drew a sheet of labels, for any of the store's staff (as every job's page is for the roles
    its kind names); 404 for any other job."""
    return get_object_or_404(Job, public_id=public_id, kind=JOB_KIND)
