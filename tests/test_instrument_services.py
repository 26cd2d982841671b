"""Adding and changing instruments, and setting hire fees: the rules every way in shares, each refusal in a
sentence at the field it is about, and each change in the audit trail."""

import datetime
from decimal import Decimal

import pytest

from hub.models import AuditEvent
from instruments.errors import InstrumentsError
from instruments.models import HireFee, Instrument
from instruments.services import fees as fee_services
from instruments.services import inventory as services
from tests import factories
from tests.instrument_factories import (
    HireFactory,
    HireFeeFactory,
    InstrumentFactory,
    RepairFactory,
    clarinet,
    violin,
)
from tests.tuition_factories import academic_year

pytestmark = pytest.mark.django_db


def _data(**changes) -> dict:
    data = {
        "asset_tag": "vn-0042 ",
        "instrument_type": violin(),
        "size": "3/4",
        "make": "Stentor",
        "model": "Student II",
        "serial_number": "S42",
        "condition": "good",
        "purchased_on": datetime.date(2024, 9, 1),
        "purchase_cost": Decimal("189.00"),
        "replacement_value": Decimal("250.00"),
        "status": Instrument.Status.AVAILABLE,
        "school": None,
        "notes": "",
    }
    return {**data, **changes}


def _refusal(field: str, message: str):
    class Refusal:
        def __enter__(self):
            return self

        def __exit__(self, kind, error, traceback):
            assert isinstance(error, InstrumentsError), error
            assert (error.field, str(error)) == (field, message)
            return True

    return Refusal()


def test_an_instrument_is_added_with_its_tag_in_capitals_and_an_audit_line(hub_admin):
    instrument = services.add_instrument(data=_data(), by=hub_admin)
    assert instrument.asset_tag == "VN-0042"
    assert instrument.description == "3/4 Violin, Stentor Student II"
    event = AuditEvent.objects.get(object_id=str(instrument.pk))
    assert event.action == AuditEvent.Action.CREATED
    assert event.actor == hub_admin
    assert event.changes["asset_tag"] == [None, "VN-0042"]


def test_a_size_is_matched_whatever_its_case_and_stored_as_the_type_names_it(hub_admin):
    ukulele = factories.InstrumentTypeFactory(name="Ukulele", slug="ukulele", sizes=["Soprano", "Concert"])
    instrument = services.add_instrument(data=_data(instrument_type=ukulele, size=" concert "), by=hub_admin)
    assert instrument.size == "Concert"


def test_a_size_the_type_does_not_come_in_is_refused_with_the_sizes_it_does(hub_admin):
    with _refusal(
        "size", "Violin does not come in size “7/8”: choose from 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."
    ):
        services.add_instrument(data=_data(size="7/8"), by=hub_admin)
    with _refusal("size", "Give the size: Violin comes in 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."):
        services.add_instrument(data=_data(size=""), by=hub_admin)
    with _refusal("size", "Clarinet comes in one size: leave the size blank."):
        services.add_instrument(data=_data(instrument_type=clarinet(), size="3/4"), by=hub_admin)
    assert not Instrument.objects.exists()


def test_a_tag_taken_in_another_case_or_not_a_tag_at_all_is_refused(hub_admin):
    InstrumentFactory(asset_tag="VN-0042")
    with _refusal("asset_tag", "Another instrument already has the asset tag VN-0042."):
        services.add_instrument(data=_data(asset_tag="vn-0042"), by=hub_admin)
    message = "An asset tag is letters and digits, with “-”, “/” or “.” between them: “VN 43” is not one."
    with _refusal("asset_tag", message):
        services.add_instrument(data=_data(asset_tag="vn 43"), by=hub_admin)
    with _refusal("asset_tag", "An asset tag is at most 20 characters; “VN-00000000000000000001” has 23."):
        services.add_instrument(data=_data(asset_tag="VN-00000000000000000001"), by=hub_admin)


def test_voice_is_not_an_instrument_the_store_holds(hub_admin):
    voice = factories.InstrumentTypeFactory(name="Voice", slug="voice", family="voice", hireable=False)
    with _refusal("instrument_type", "Voice is not an instrument the store can hold."):
        services.add_instrument(data=_data(instrument_type=voice, size=""), by=hub_admin)


def test_a_change_is_saved_and_audited_field_by_field(hub_admin, school):
    instrument = InstrumentFactory(asset_tag="VN-0001")
    changed = services.update_instrument(
        instrument=instrument,
        data=_data(asset_tag="VN-0001", condition="fair", school=school, size="1/2"),
        by=hub_admin,
    )
    assert (changed.condition, changed.school, changed.size) == ("fair", school, "1/2")
    event = AuditEvent.objects.get(object_id=str(instrument.pk), action=AuditEvent.Action.UPDATED)
    assert event.changes["condition"] == ["good", "fair"]
    assert event.changes["school"] == [None, str(school)]
    assert "make" not in event.changes


def test_an_open_hire_or_repair_owns_the_status(hub_admin):
    hired = HireFactory().instrument
    message = (
        f"{hired.asset_tag} is allocated or on hire: its status changes as the hire does "
        "(return it, or cancel the hire, first)."
    )
    with _refusal("status", message):
        services.update_instrument(
            instrument=hired, data=_data(asset_tag=hired.asset_tag, status="retired"), by=hub_admin
        )
    # Anything else may change while it is on hire.
    services.update_instrument(
        instrument=hired, data=_data(asset_tag=hired.asset_tag, condition="fair"), by=hub_admin
    )
    repaired = RepairFactory(instrument=InstrumentFactory(status=Instrument.Status.IN_REPAIR)).instrument
    message = f"{repaired.asset_tag} is away for repair: its status changes when the repair comes back."
    with _refusal("status", message):
        services.update_instrument(
            instrument=repaired, data=_data(asset_tag=repaired.asset_tag, status="available"), by=hub_admin
        )


def test_hire_fees_are_set_changed_and_taken_away_each_in_the_audit_trail(hub_admin):
    year = academic_year(2026)
    viola = factories.InstrumentTypeFactory(name="Viola", slug="viola")
    HireFeeFactory(instrument_type=violin(), academic_year=year, termly_fee=Decimal("30.00"))
    fees = {violin(): Decimal("35"), viola: Decimal("40.00"), clarinet(): None}
    assert fee_services.set_hire_fees(academic_year=year, fees=fees, by=hub_admin) == 2
    saved = dict(HireFee.objects.values_list("instrument_type__name", "termly_fee"))
    assert saved == {"Violin": Decimal("35.00"), "Viola": Decimal("40.00")}
    assert fee_services.set_hire_fees(academic_year=year, fees=fees, by=hub_admin) == 0
    assert fee_services.set_hire_fees(academic_year=year, fees={violin(): None}, by=hub_admin) == 1
    assert list(HireFee.objects.values_list("instrument_type__name", flat=True)) == ["Viola"]
    actions = list(
        AuditEvent.objects.filter(content_type__model="hirefee")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["updated", "created", "deleted"]


def test_a_negative_hire_fee_is_refused(hub_admin):
    with pytest.raises(InstrumentsError, match="The fee for Violin cannot be negative."):
        fee_services.set_hire_fees(
            academic_year=academic_year(2026), fees={violin(): Decimal(-1)}, by=hub_admin
        )
    assert not HireFee.objects.exists()
