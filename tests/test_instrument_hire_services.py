"""Instrument hire's services: a family's request, staff allocating (two at once on the real database), the
agreement accepted once, class sets all or none, check-out, return, repair; each refusal clear, the
instrument's status moved in the same transaction, the audit trail written and nothing half-saved."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from hub.models import AuditEvent
from instruments.errors import InstrumentsError
from instruments.models import ClassSetLoan, Condition, ConditionCheck, Hire, HireRequest, Instrument, Repair
from instruments.selectors.requests import family_instruments
from instruments.services import agreements, allocation, class_sets, hires, repairs, requests
from tests import factories
from tests.instrument_factories import (
    HireFeeFactory,
    HireRequestFactory,
    InstrumentFactory,
    accepted,
    allocated,
    instrument_type,
    out,
    violin,
)
from tests.tuition_factories import RemissionAwardFactory, academic_year

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.HUB_NAME = "Northshire Music Hub"


def ask(child, *, size="3/4", kind=None, by=None):
    return requests.request_hire(
        pupil=child, instrument_type=kind or violin(), size=size, by=by or child.guardians.first().user
    )


def audited(instance, action=None) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )
    return list(events.filter(action=action) if action else events)


# --- A family's request ----------------------------------------------------------------------------------


def test_a_request_waits_in_its_queue_with_its_size_as_the_catalogue_names_it(child, guardian):
    hire_request = ask(child, size=" 3/4 ")
    assert hire_request.status == HireRequest.Status.WAITING
    assert hire_request.size == "3/4" and hire_request.requested_by == guardian
    [mine] = family_instruments(guardian)[0].requests
    assert mine.position == 1
    assert audited(hire_request, AuditEvent.Action.CREATED)


@pytest.mark.parametrize(
    ("size", "field", "message"),
    [
        ("", "size", "Give the size: Violin comes in 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."),
        (
            "5/4",
            "size",
            "Violin does not come in size “5/4”: choose from 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4.",
        ),
    ],
)
def test_a_size_the_type_does_not_come_in_is_refused_at_the_size(child, size, field, message):
    with pytest.raises(InstrumentsError) as raised:
        ask(child, size=size)
    assert (raised.value.field, str(raised.value)) == (field, message)
    assert not HireRequest.objects.exists()


def test_a_type_with_one_size_takes_no_size(child):
    clarinet = instrument_type("Clarinet", family="woodwind")
    assert ask(child, size="", kind=clarinet).size == ""
    with pytest.raises(InstrumentsError, match="Clarinet comes in one size: leave the size blank."):
        ask(factories.PupilFactory(guardians=[child.guardians.first()]), size="3/4", kind=clarinet)


def test_a_type_the_hub_does_not_lend_is_refused(child):
    piano = instrument_type("Piano", family="keyboard", hireable=False)
    with pytest.raises(InstrumentsError, match="The hub does not lend pianos."):
        ask(child, size="", kind=piano)


def test_nobody_asks_for_another_familys_child(child, other_guardian):
    with pytest.raises(InstrumentsError, match="Only the child's parents and carers"):
        ask(child, by=other_guardian.user)
    assert not HireRequest.objects.exists()


def test_a_billing_address_is_needed_first(child, guardian):
    guardian.address_line_1 = guardian.town = guardian.postcode = ""
    guardian.save()
    with pytest.raises(InstrumentsError, match="Add your billing address"):
        ask(child)


def test_one_open_request_per_child_and_type(child):
    ask(child)
    with pytest.raises(InstrumentsError) as raised:
        ask(child, size="1/2")
    assert raised.value.field == "instrument_type"
    assert str(raised.value) == (
        "Amira is already waiting for a violin: withdraw that request first to ask for another size."
    )
    assert HireRequest.objects.count() == 1


def test_the_databases_refusal_of_a_second_open_request_becomes_the_same_message(child, monkeypatch):
    """Two presses at once both pass the check made before saving: the partial unique index refuses one."""
    ask(child)
    monkeypatch.setattr(requests, "is_waiting", lambda pupil, instrument_type: False)
    with pytest.raises(InstrumentsError, match="Amira is already waiting for a violin") as raised:
        ask(child, size="1/2")
    assert raised.value.field == "instrument_type"
    assert HireRequest.objects.count() == 1


def test_a_family_withdraws_a_waiting_request_but_not_an_allocated_one(child, guardian):
    hire_request = ask(child)
    with pytest.raises(InstrumentsError, match="Only the child's parents"):
        requests.withdraw_request(hire_request=hire_request, by=factories.GuardianFactory().user)
    withdrawn = requests.withdraw_request(hire_request=hire_request, by=guardian.user)
    assert withdrawn.status == HireRequest.Status.WITHDRAWN and withdrawn.closed_at is not None
    with pytest.raises(InstrumentsError, match="already closed: withdrawn"):
        requests.withdraw_request(hire_request=hire_request, by=guardian.user)
    hire = allocated(child)
    with pytest.raises(InstrumentsError, match="An instrument has already been allocated for Amira"):
        requests.withdraw_request(hire_request=hire.request, by=guardian.user)


# --- Allocation ------------------------------------------------------------------------------------------


def test_the_agreements_email_says_an_before_a_vowel(
    child, store, year, mailoutbox, django_capture_on_commit_callbacks
):
    saxophone = instrument_type("Alto saxophone", [], family="woodwind")
    hire_request = ask(child, size="", kind=saxophone)
    with django_capture_on_commit_callbacks(execute=True):
        allocation.allocate(
            hire_request=hire_request,
            instrument=InstrumentFactory(instrument_type=saxophone, size=""),
            by=store,
        )
    [mail] = mailoutbox
    assert (
        mail.subject == "[Northshire Music Hub] An alto saxophone for Amira: please accept the hire agreement"
    )


def test_allocating_makes_a_hire_closes_the_request_and_emails_the_agreement(
    child, guardian, store, year, mailoutbox, django_capture_on_commit_callbacks
):
    HireFeeFactory(termly_fee=Decimal("45.00"))
    guardian.user.last_name = "O'Neill"
    guardian.user.save()
    violin_3_4 = InstrumentFactory(asset_tag="VLN-0042", replacement_value=Decimal("320.00"))
    hire_request = ask(child)
    with django_capture_on_commit_callbacks(execute=True):
        hire = allocation.allocate(hire_request=hire_request, instrument=violin_3_4, by=store)
    assert hire.status == Hire.Status.ALLOCATED
    assert (hire.pupil, hire.payer, hire.request, hire.allocated_by) == (child, guardian, hire_request, store)
    hire_request.refresh_from_db()
    assert hire_request.status == HireRequest.Status.ALLOCATED and hire_request.closed_at
    # Still at the store until it is checked out; no one else may have it.
    assert Instrument.objects.get(pk=violin_3_4.pk).status == Instrument.Status.AVAILABLE
    [mail] = mailoutbox
    assert mail.to == ["parent@example.org"]
    assert mail.subject == "[Northshire Music Hub] A 3/4 violin for Amira: please accept the hire agreement"
    assert f"{SITE}/family/instruments/hires/{hire.public_id}/agreement/" in mail.body
    assert "Replacement value: £320.00" in mail.body and "Termly hire fee (2026/27): £45.00" in mail.body
    assert "Dear Pat O'Neill," in mail.body and "Northshire Music Hub" in mail.body
    for broken in ("&#x27;", "&amp;", "None"):
        assert broken not in mail.body
    assert audited(hire, AuditEvent.Action.CREATED) and audited(hire_request, AuditEvent.Action.UPDATED)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda i: i.__class__.objects.filter(pk=i.pk).update(size="1/2"), "VLN-0042 is a 1/2 violin"),
        (
            lambda i: i.__class__.objects.filter(pk=i.pk).update(status="in_repair"),
            "VLN-0042 is away for repair",
        ),
        (lambda i: i.__class__.objects.filter(pk=i.pk).update(status="lost"), "VLN-0042 is lost"),
        (
            lambda i: allocated(factories.PupilFactory(guardians=[factories.GuardianFactory()]), i),
            "allocated to",
        ),
    ],
)
def test_an_instrument_that_is_not_free_or_not_what_was_asked_for_is_refused(child, store, setup, message):
    instrument = InstrumentFactory(asset_tag="VLN-0042")
    setup(instrument)
    hire_request = ask(child)
    with pytest.raises(InstrumentsError, match=message) as raised:
        allocation.allocate(hire_request=hire_request, instrument=instrument, by=store)
    assert raised.value.field == "instrument"
    assert not Hire.objects.filter(pupil=child).exists()
    assert HireRequest.objects.get(pk=hire_request.pk).status == HireRequest.Status.WAITING


def test_a_request_gets_one_instrument(child, store):
    hire_request = ask(child)
    allocation.allocate(hire_request=hire_request, instrument=InstrumentFactory(), by=store)
    with pytest.raises(InstrumentsError, match="This request already has an instrument allocated."):
        allocation.allocate(hire_request=hire_request, instrument=InstrumentFactory(), by=store)


def test_the_database_refuses_a_second_open_hire_of_an_instrument(child, other_child):
    instrument = InstrumentFactory(asset_tag="VLN-0042")
    allocated(child, instrument)
    second = Hire(
        instrument=instrument,
        pupil=other_child,
        payer=other_child.guardians.first(),
        allocated_at=timezone.now(),
    )
    with pytest.raises(
        InstrumentsError, match="VLN-0042 was allocated or lent to someone else a moment ago."
    ):
        hires.open_hire(second)
    assert Hire.objects.filter(instrument=instrument).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_staff_allocating_the_last_violin_at_once_one_gets_it_the_other_a_clear_message():
    from tests.conftest import ensure_staff_groups

    ensure_staff_groups()
    academic_year(2026)
    last = InstrumentFactory(asset_tag="VLN-0001")
    waiting = [
        HireRequestFactory(pupil=factories.PupilFactory(guardians=[factories.GuardianFactory()]))
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(hire_request):
        try:
            barrier.wait()
            allocation.allocate(hire_request=hire_request, instrument=last, by=None)
            outcomes.append("allocated")
        except InstrumentsError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(item,)) for item in waiting]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("allocated") == 1, outcomes
    [refused] = [outcome for outcome in outcomes if outcome != "allocated"]
    assert refused.startswith("VLN-0001 is already allocated to ")
    assert refused.endswith("Choose another 3/4 violin.")
    assert Hire.objects.filter(instrument=last, status__in=Hire.OPEN).count() == 1
    statuses = sorted(HireRequest.objects.values_list("status", flat=True))
    assert statuses == [HireRequest.Status.ALLOCATED, HireRequest.Status.WAITING]


# --- The agreement ---------------------------------------------------------------------------------------


def test_the_agreement_is_accepted_once_with_the_replacement_value_it_showed(child, guardian, year):
    HireFeeFactory()
    hire = allocated(child, InstrumentFactory(replacement_value=Decimal("450.00")))
    hire = agreements.accept_agreement(hire=hire, by=guardian.user)
    assert hire.status == Hire.Status.AGREEMENT_ACCEPTED
    assert hire.agreement_accepted_by == guardian.user and hire.agreement_accepted_at
    assert hire.agreed_replacement_value == Decimal("450.00")
    with pytest.raises(InstrumentsError, match=r"This agreement was already accepted on \d\d/\d\d/\d{4} at"):
        agreements.accept_agreement(hire=hire, by=guardian.user)
    assert len(audited(hire, AuditEvent.Action.UPDATED)) == 1


def test_another_family_cannot_accept_and_no_fee_means_no_agreement(child, other_guardian, year):
    hire = allocated(child)
    with pytest.raises(InstrumentsError, match="Only the child's parents"):
        agreements.accept_agreement(hire=hire, by=other_guardian.user)
    with pytest.raises(InstrumentsError, match="The hub has not set the hire fee for a violin this year yet"):
        agreements.accept_agreement(hire=hire, by=child.guardians.first().user)
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.ALLOCATED


def test_the_agreement_shows_the_fee_after_the_childs_remission(child, year):
    from instruments.pricing import termly_hire_fee_for

    HireFeeFactory(termly_fee=Decimal("45.00"))
    RemissionAwardFactory(pupil=child, category__name="Low income", category__percent=Decimal("50"))
    fee = termly_hire_fee_for(child, violin(), year)
    assert (fee.fee, fee.to_pay) == (Decimal("45.00"), Decimal("22.50"))
    assert [r.description for r in fee.reductions] == ["Remission: Low income"]


# --- Check-out, return, repair ---------------------------------------------------------------------------


def test_check_out_records_the_condition_and_puts_the_instrument_on_hire(child, store, year):
    hire = accepted(child, InstrumentFactory(condition=Condition.GOOD))
    hire = hires.check_out(hire=hire, condition=Condition.EXCELLENT, on=TODAY(), by=store)
    assert (hire.status, hire.checked_out_on, hire.condition_out) == (Hire.Status.OUT, TODAY(), "excellent")
    instrument = Instrument.objects.get(pk=hire.instrument_id)
    assert (instrument.status, instrument.condition) == (Instrument.Status.ON_HIRE, Condition.EXCELLENT)
    [check] = ConditionCheck.objects.filter(instrument=instrument)
    assert (check.grade, check.hire, check.checked_by, check.note) == (
        "excellent",
        hire,
        store,
        "Checked out",
    )
    assert audited(hire, AuditEvent.Action.UPDATED) and audited(instrument, AuditEvent.Action.UPDATED)


def test_checking_out_twice_does_not_double_anything(child, store, year):
    hire = accepted(child)
    hires.check_out(hire=hire, condition=Condition.GOOD, on=TODAY(), by=store)
    with pytest.raises(InstrumentsError, match=r"was already checked out to Amira .* on \d\d/\d\d/\d{4}\."):
        hires.check_out(hire=hire, condition=Condition.GOOD, on=TODAY(), by=store)
    assert ConditionCheck.objects.count() == 1
    assert len(audited(hire, AuditEvent.Action.UPDATED)) == 2  # accepted, checked out


def test_a_family_hire_goes_out_only_once_its_agreement_is_accepted(child, store, year):
    hire = allocated(child)
    with pytest.raises(
        InstrumentsError, match="cannot go out yet: .* has not accepted the hire agreement for Amira"
    ):
        hires.check_out(hire=hire, condition=Condition.GOOD, on=TODAY(), by=store)
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.ALLOCATED
    assert not ConditionCheck.objects.exists()


def test_an_instrument_in_repair_does_not_go_out(child, store, year):
    hire = accepted(child, InstrumentFactory(asset_tag="VLN-0042"))
    repairs.send_to_repair(instrument=hire.instrument, fault="Loose bridge", repairer="Bow & Bench", by=store)
    with pytest.raises(
        InstrumentsError, match="VLN-0042 is away for repair: finish the repair before it goes out."
    ):
        hires.check_out(hire=hire, condition=Condition.GOOD, on=TODAY(), by=store)
    assert Instrument.objects.get(pk=hire.instrument_id).status == Instrument.Status.IN_REPAIR


def test_an_instrument_on_hire_cannot_be_allocated_lent_or_sent_to_repair(child, other_child, store, year):
    hire = out(child, InstrumentFactory(asset_tag="VLN-0042"), by=store)
    instrument = hire.instrument
    with pytest.raises(InstrumentsError, match="VLN-0042 is on hire to Amira"):
        allocation.allocate(hire_request=ask(other_child), instrument=instrument, by=store)
    with pytest.raises(InstrumentsError, match="VLN-0042 is on hire: return it first"):
        repairs.send_to_repair(instrument=instrument, fault="Crack", repairer="Bow & Bench", by=store)


def test_a_check_out_cannot_be_dated_in_the_future(child, store, year):
    hire = accepted(child)
    with pytest.raises(InstrumentsError, match="The day it went out cannot be in the future.") as raised:
        hires.check_out(hire=hire, condition="good", on=TODAY() + datetime.timedelta(days=1), by=store)
    assert raised.value.field == "on"


def test_a_return_to_stock_records_the_condition_and_any_damage_charge(child, store, year):
    hire = out(child, by=store)
    hire = hires.return_hire(
        hire=hire, condition=Condition.FAIR, damage_charge=Decimal("12.5"), to_repair=False, note="", by=store
    )
    assert (hire.status, hire.returned_on, hire.condition_in) == (Hire.Status.RETURNED, TODAY(), "fair")
    assert hire.damage_charge == Decimal("12.50") and hire.returned_to == store
    instrument = Instrument.objects.get(pk=hire.instrument_id)
    assert (instrument.status, instrument.condition) == (Instrument.Status.AVAILABLE, Condition.FAIR)
    assert ConditionCheck.objects.filter(hire=hire).count() == 2  # out and back
    with pytest.raises(InstrumentsError, match=r"was already returned on \d\d/\d\d/\d{4}\."):
        hires.return_hire(
            hire=hire, condition="fair", damage_charge=Decimal(0), to_repair=False, note="", by=store
        )


def test_a_return_with_damage_sends_it_to_repair_in_the_same_transaction(child, store, year):
    hire = out(child, by=store)
    hire = hires.return_hire(
        hire=hire,
        condition=Condition.POOR,
        damage_charge=Decimal("40.00"),
        to_repair=True,
        note="Cracked top",
        repairer="Bow & Bench",
        by=store,
    )
    repair = Repair.objects.get(instrument=hire.instrument)
    assert (repair.fault, repair.repairer, repair.hire, repair.sent_on) == (
        "Cracked top",
        "Bow & Bench",
        hire,
        TODAY(),
    )
    assert Instrument.objects.get(pk=hire.instrument_id).status == Instrument.Status.IN_REPAIR
    assert audited(repair, AuditEvent.Action.CREATED)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"damage_charge": Decimal("-1")}, "damage_charge", "A damage charge cannot be negative."),
        ({"to_repair": True, "note": " "}, "note", "Say what is wrong with it, for the repairer."),
        ({"to_repair": True, "note": "Crack"}, "repairer", "Give the repairer it is going to."),
        ({"condition": "broken"}, "condition", "Choose the instrument's condition."),
    ],
)
def test_a_bad_return_saves_nothing(child, store, year, changes, field, message):
    hire = out(child, by=store)
    values = {"condition": "good", "damage_charge": Decimal(0), "to_repair": False, "note": "", **changes}
    with pytest.raises(InstrumentsError) as raised:
        hires.return_hire(hire=hire, by=store, **values)
    assert (raised.value.field, str(raised.value)) == (field, message)
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.OUT
    assert Instrument.objects.get(pk=hire.instrument_id).status == Instrument.Status.ON_HIRE
    assert not Repair.objects.exists()


def test_a_repair_finished_puts_the_instrument_back_in_stock_with_its_cost(store):
    instrument = InstrumentFactory(asset_tag="VLN-0042")
    repair = repairs.send_to_repair(
        instrument=instrument, fault=" Loose bridge ", repairer="Bow & Bench", by=store
    )
    assert repair.fault == "Loose bridge"
    with pytest.raises(InstrumentsError, match="VLN-0042 is already away for repair."):
        repairs.send_to_repair(instrument=instrument, fault="Again", repairer="Bow & Bench", by=store)
    with pytest.raises(InstrumentsError, match="cannot come back before") as raised:
        repairs.finish_repair(
            repair=repair, cost=Decimal(30), returned_on=TODAY() - datetime.timedelta(days=1), by=store
        )
    assert raised.value.field == "returned_on"
    repair = repairs.finish_repair(
        repair=repair, cost=Decimal("35.005"), returned_on=TODAY(), condition=Condition.EXCELLENT, by=store
    )
    assert (repair.cost, repair.returned_on) == (Decimal("35.01"), TODAY())
    instrument.refresh_from_db()
    assert (instrument.status, instrument.condition) == (Instrument.Status.AVAILABLE, Condition.EXCELLENT)
    assert ConditionCheck.objects.get(instrument=instrument).note == "Back from repair"
    with pytest.raises(InstrumentsError, match=r"VLN-0042 came back from this repair on \d\d/\d\d/\d{4}\."):
        repairs.finish_repair(repair=repair, cost=None, returned_on=TODAY(), by=store)
    assert audited(repair, AuditEvent.Action.UPDATED)


def test_a_retired_instrument_neither_goes_to_repair_nor_out(store):
    instrument = InstrumentFactory(asset_tag="VLN-0042", status=Instrument.Status.RETIRED)
    with pytest.raises(InstrumentsError, match="VLN-0042 is retired: it cannot go for repair."):
        repairs.send_to_repair(instrument=instrument, fault="Crack", repairer="Bow & Bench", by=store)


# --- Class sets ------------------------------------------------------------------------------------------


def test_a_class_set_lends_each_instrument_as_a_hire_of_one_loan_and_checks_them_out(school, store):
    ukulele = instrument_type("Ukulele", ["Soprano", "Concert"], family="guitar")
    set_of = [
        InstrumentFactory(instrument_type=ukulele, size="Soprano", asset_tag=f"UKE-{n:03d}") for n in range(3)
    ]
    due = TODAY() + datetime.timedelta(days=60)
    loan = class_sets.lend_class_set(
        school=school, instruments=set_of, due_back_on=due, free_under_sla=True, out_on=TODAY(), by=store
    )
    assert loan.free_under_sla and loan.school == school
    lent = list(loan.hires.order_by("instrument__asset_tag"))
    assert [hire.instrument.asset_tag for hire in lent] == ["UKE-000", "UKE-001", "UKE-002"]
    assert {(hire.status, hire.due_back_on, hire.pupil_id) for hire in lent} == {(Hire.Status.OUT, due, None)}
    assert set(Instrument.objects.values_list("status", flat=True)) == {Instrument.Status.ON_HIRE}
    assert audited(loan, AuditEvent.Action.CREATED)


def test_a_class_set_is_all_or_none_and_names_the_instrument_that_stopped_it(school, child, store, year):
    free = [InstrumentFactory(asset_tag=f"VLN-{n:04d}") for n in range(3)]
    taken = InstrumentFactory(asset_tag="VLN-0099")
    allocated(child, taken)
    with pytest.raises(InstrumentsError) as raised:
        class_sets.lend_class_set(
            school=school,
            instruments=[*free, taken],
            due_back_on=TODAY() + datetime.timedelta(days=30),
            free_under_sla=False,
            out_on=TODAY(),
            by=store,
        )
    assert str(raised.value) == (
        f"VLN-0099 is already allocated to {child.full_name}. Nothing was lent: take it off the list."
    )
    assert not ClassSetLoan.objects.exists()
    assert Hire.objects.filter(class_set__isnull=False).count() == 0
    assert set(Instrument.objects.filter(pk__in=[i.pk for i in free]).values_list("status", flat=True)) == {
        "available"
    }


def test_a_class_set_hire_goes_out_without_a_family_agreement(school, store):
    instrument = InstrumentFactory()
    loan = class_sets.lend_class_set(
        school=school,
        instruments=[instrument],
        due_back_on=TODAY() + datetime.timedelta(days=30),
        free_under_sla=False,
        by=store,
    )
    hire = loan.hires.get()
    assert hire.status == Hire.Status.ALLOCATED
    assert hires.check_out(hire=hire, condition="good", on=TODAY(), by=store).status == Hire.Status.OUT
