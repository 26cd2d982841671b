"""The demo hub's instrument store: built once (a re-run adds nothing; a hub seeded before the store gains
it), consistent with the store's rules, and with something for the demo parent and the store to act on."""

import datetime
import re

import pytest
from django.db.models import Count, F, Q

from hub.billing.models import InvoiceLine
from hub.dev.demo import signins
from hub.dev.demo.builder import seed_demo_hub
from hub.dev.demo.instrument_stock import hireable_types
from hub.dev.demo.scale import SMALL
from hub.models import AcademicYear, Guardian
from instruments.models import ClassSetLoan, ConditionCheck, Hire, HireFee, HireRequest, Instrument, Repair
from instruments.models.inventory import ASSET_TAG_PATTERN

TODAY = datetime.date(2026, 11, 23)  # a Monday in term
STORE_MODELS = (Instrument, Hire, HireRequest, ConditionCheck, Repair, ClassSetLoan, HireFee)


@pytest.fixture
def seeded(db):
    lines: list[str] = []
    result = seed_demo_hub(scale=SMALL, today=TODAY, log=lines.append)
    assert result.created
    return "\n".join(lines)


def store_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in STORE_MODELS}


def test_a_re_run_adds_nothing_and_a_hub_seeded_before_the_store_gains_it(seeded):
    before = store_counts()
    assert before["Instrument"] == SMALL.instruments
    again = seed_demo_hub(scale=SMALL, today=TODAY)
    assert not again.created and not again.counts
    assert store_counts() == before
    # A hub seeded before the store existed: the next run adds the store alone, the same as it would be.
    for model in (ConditionCheck, Repair, Hire, HireRequest, ClassSetLoan, HireFee, Instrument):
        model.objects.all().delete()
    added = seed_demo_hub(scale=SMALL, today=TODAY)
    assert not added.created and added.counts["instruments"] == SMALL.instruments
    assert store_counts() == before


def test_the_stock_keeps_the_stores_rules(seeded):
    assert all(
        re.match(ASSET_TAG_PATTERN, tag) for tag in Instrument.objects.values_list("asset_tag", flat=True)
    )
    assert Instrument.objects.filter(asset_tag="NMH-000001").exists()
    statuses = set(Instrument.objects.values_list("status", flat=True))
    assert {"available", "on_hire", "in_repair"} <= statuses
    # Each instrument on hire has one hire out; none in the store, away or gone has one.
    out = Hire.objects.filter(status=Hire.Status.OUT)
    assert set(out.values_list("instrument__status", flat=True)) == {"on_hire"}
    assert not Instrument.objects.filter(status="on_hire").exclude(hires__status="out").exists()
    # Each instrument in repair has one repair open, and no other instrument has.
    open_repairs = Repair.objects.filter(returned_on__isnull=True)
    assert set(open_repairs.values_list("instrument__status", flat=True)) == {"in_repair"}
    assert open_repairs.count() == Instrument.objects.filter(status="in_repair").count()
    # Returned hires came back with a check; a class set's hires are at its school.
    returned = Hire.objects.filter(status=Hire.Status.RETURNED)
    assert returned.exists()
    assert not returned.annotate(checks=Count("condition_checks")).filter(checks__lt=2).exists()
    class_set = Hire.objects.filter(class_set__isnull=False)
    assert class_set.exists()
    assert not class_set.exclude(instrument__school=F("class_set__school")).exists()
    # Fees this year and next for each hireable type.
    years = AcademicYear.objects.filter(starts_on__year__in=[TODAY.year, TODAY.year + 1], starts_on__month=9)
    fees = HireFee.objects.filter(academic_year__in=years)
    assert set(fees.values_list("instrument_type__name", flat=True)) == set(hireable_types())
    assert fees.count() == 2 * len(hireable_types())


def test_the_demo_parent_has_an_agreement_to_accept_and_an_instrument_on_hire(seeded):
    guardian = Guardian.objects.get(user__email=signins.PARENT.email)
    hires = {
        hire.pupil.first_name: hire for hire in Hire.objects.filter(payer=guardian).select_related("pupil")
    }
    assert set(hires) == {"Ella", "Noah"}
    ella = hires["Ella"]
    assert ella.status == Hire.Status.ALLOCATED and ella.agreement_accepted_at is None
    assert ella.instrument.instrument_type.name == "Violin"
    assert ella.request.status == HireRequest.Status.ALLOCATED and ella.request.requested_by == guardian
    noah = hires["Noah"]
    assert noah.status == Hire.Status.OUT and noah.agreement_accepted_by == guardian.user
    assert noah.checked_out_on < TODAY <= noah.due_back_on
    assert noah.instrument.status == Instrument.Status.ON_HIRE
    assert ConditionCheck.objects.filter(hire=noah).exists()
    # The store is seeded before the term's bills, so the family's bill holds Noah's hire.
    billed = InvoiceLine.objects.filter(invoice__account__reference=f"FAM-{guardian.pk}")
    assert billed.filter(source_key__startswith=f"instruments:hire:{noah.pk}:term:").exists()


def test_the_store_has_requests_hires_to_check_out_overdue_hires_and_a_repair(seeded):
    assert HireRequest.objects.filter(status=HireRequest.Status.WAITING).count() == SMALL.hire_requests
    ready = Hire.objects.filter(status=Hire.Status.AGREEMENT_ACCEPTED)
    assert ready.count() == SMALL.hires_ready_to_check_out
    for hire in ready:
        assert hire.agreement_accepted_at and hire.instrument.status == Instrument.Status.AVAILABLE
        assert hire.instrument.asset_tag in seeded  # printed for the scanner desk
    awaiting = Hire.objects.filter(status=Hire.Status.ALLOCATED).exclude(
        payer__user__email=signins.PARENT.email
    )
    assert awaiting.count() == SMALL.hires_awaiting_agreement
    assert Hire.objects.filter(status=Hire.Status.OUT, due_back_on__lt=TODAY).exists()
    assert Repair.objects.filter(returned_on__isnull=True, instrument__status="in_repair").exists()
    assert not Hire.objects.filter(Q(status="out") & Q(due_back_on__isnull=True)).exists()
