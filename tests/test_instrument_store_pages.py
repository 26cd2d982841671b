"""The instrument store's pages as a browser-less client sees them: the hire queues (a pinned query count),
allocating, the scanner desk (its look-up in one query by the tag, a mistyped tag kept in its field, each
action and its refusals, a double submit doing nothing twice) and class sets (all or none)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from instruments.models import ClassSetLoan, Condition, ConditionCheck, Hire, HireRequest, Instrument, Repair
from instruments.selectors.desk import find_by_tag
from instruments.services import repairs
from tests import factories
from tests.error_pattern import field_error_html
from tests.instrument_factories import (
    HireFeeFactory,
    HireRequestFactory,
    InstrumentFactory,
    accepted,
    allocated,
    instrument_type,
    out,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("instruments:request-queue")
DESK = reverse("instruments:desk")
TODAY = timezone.localdate


def _queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, data).status_code == 200
    return len(ctx.captured_queries)


def _waiting(n, **fields):
    return [
        HireRequestFactory(pupil=factories.PupilFactory(guardians=[factories.GuardianFactory()]), **fields)
        for _ in range(n)
    ]


# --- The queue and allocation ----------------------------------------------------------------------------


def test_the_queue_groups_requests_by_type_and_size_oldest_first_with_the_stock_of_each(client, store):
    now = timezone.now()
    cello = instrument_type("Cello", ["1/4", "1/2", "3/4", "4/4"])
    [late] = _waiting(1, requested_at=now)
    [early] = _waiting(1, requested_at=now - datetime.timedelta(days=3))
    _waiting(1, size="1/2")
    _waiting(1, instrument_type=cello, size="1/2")
    InstrumentFactory.create_batch(2)
    InstrumentFactory(status=Instrument.Status.IN_REPAIR)
    client.force_login(store)
    html = client.get(QUEUE).content.decode()
    assert "4 requests waiting" in html
    headings = re.findall(r"<strong>([^<]+)</strong>: (\d+) in stock", html)
    assert headings == [("1/2 Cello", "0"), ("1/2 Violin", "0"), ("3/4 Violin", "2")]
    assert html.index(escape(early.pupil.full_name)) < html.index(escape(late.pupil.full_name))
    only_cellos = client.get(QUEUE, {"instrument_type": "cello"}).content.decode()
    assert "1 request waiting" in only_cellos and "Violin" not in re.sub(
        r"<select.*?</select>", "", only_cellos, flags=re.S
    )
    assert (
        field_error_html("id_instrument_type", "Choose one from the list.")
        in client.get(QUEUE, {"instrument_type": "kazoo"}).content.decode()
    )


def test_the_queue_runs_a_fixed_number_of_queries(client, store, django_assert_max_num_queries):
    client.force_login(store)
    cello = instrument_type("Cello", ["1/4", "1/2"])
    _waiting(2)
    few = _queries(client, QUEUE)
    _waiting(30)
    _waiting(10, instrument_type=cello, size="1/4")
    InstrumentFactory.create_batch(5)
    with django_assert_max_num_queries(10):
        assert _queries(client, QUEUE) == few


def test_staff_allocate_one_of_the_instruments_in_stock_of_that_type_and_size(
    client, store, child, year, mailoutbox, django_capture_on_commit_callbacks
):
    HireFeeFactory()
    hire_request = HireRequestFactory(pupil=child)
    chosen = InstrumentFactory(asset_tag="VLN-0042")
    InstrumentFactory(asset_tag="VLN-0043", size="1/2")
    InstrumentFactory(asset_tag="VLN-0044", status=Instrument.Status.IN_REPAIR)
    allocated(
        factories.PupilFactory(guardians=[factories.GuardianFactory()]),
        InstrumentFactory(asset_tag="VLN-0045"),
    )
    client.force_login(store)
    url = reverse("instruments:request-allocate", kwargs={"public_id": hire_request.public_id})
    html = client.get(url).content.decode()
    assert "Allocate a 3/4 violin to" in html
    assert re.findall(r'<option value="[^"]+">(VLN-\d+)', html) == ["VLN-0042"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"instrument": chosen.public_id, "due_back_on": "2027-07-21"}, follow=True
        )
    assert (
        f"VLN-0042 is allocated to {child.full_name}; the family has been e-mailed"
        in response.content.decode()
    )
    hire = Hire.objects.get(pupil=child)
    assert hire.instrument == chosen and hire.due_back_on == datetime.date(2027, 7, 21)
    assert [m.to for m in mailoutbox] == [["parent@example.org"]]
    assert "This request is no longer waiting: instrument allocated." in client.get(url).content.decode()
    again = client.post(url, {"instrument": chosen.public_id}, follow=True).content.decode()
    assert "This request is no longer waiting: instrument allocated." in again
    assert Hire.objects.filter(pupil=child).count() == 1 and len(mailoutbox) == 1


def test_an_instrument_taken_since_the_page_was_drawn_is_refused_at_its_field(client, store, child, year):
    hire_request = HireRequestFactory(pupil=child)
    instrument = InstrumentFactory(asset_tag="VLN-0042")
    client.force_login(store)
    url = reverse("instruments:request-allocate", kwargs={"public_id": hire_request.public_id})
    allocated(factories.PupilFactory(guardians=[factories.GuardianFactory()]), instrument)
    html = client.post(url, {"instrument": instrument.public_id}).content.decode()
    assert field_error_html("id_instrument", "That instrument is no longer in stock: choose another.") in html
    html = client.post(
        url, {"instrument": instrument.public_id, "due_back_on": "2020-01-01"}
    ).content.decode()
    assert field_error_html("id_due_back_on", "The day it is due back must be after today.") in html
    assert HireRequest.objects.get(pk=hire_request.pk).status == HireRequest.Status.WAITING


# --- The scanner desk ------------------------------------------------------------------------------------


def test_the_desk_has_one_field_labelled_asset_tag_with_the_focus(client, store):
    client.force_login(store)
    html = client.get(DESK).content.decode()
    assert '<label class="form-label" for="id_tag">Asset tag</label>' in html
    assert re.search(r'<input type="text" name="tag"[^>]* autofocus[^>]*>', html)
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count("<input") == 1  # the look-up's one field (a GET form: no token)


@pytest.mark.parametrize("typed", ["VLN-0042", "vln-0042", "  Vln-0042 "])
def test_a_tag_is_found_in_any_case_with_spaces_around_it(client, store, typed):
    InstrumentFactory(asset_tag="VLN-0042")
    client.force_login(store)
    html = client.get(DESK, {"tag": typed}).content.decode()
    assert "VLN-0042: 3/4 Violin, Stentor Student II" in html
    assert "<strong>Available</strong>" in html and "The store" in html


@pytest.mark.parametrize("typed", ["VLN-0043", "vln 0042", "<b>x</b>"])
def test_an_unknown_or_mistyped_tag_is_said_next_to_the_field_which_keeps_the_text(client, store, typed):
    InstrumentFactory(asset_tag="VLN-0042")
    client.force_login(store)
    html = client.get(DESK, {"tag": typed}).content.decode()
    tag = typed.strip().upper()
    message = f"No instrument has the asset tag “{tag}”. Check the label, and scan or type it again."
    assert field_error_html("id_tag", escape(message)) in html
    assert f'value="{escape(typed)}"' in html
    assert 'aria-invalid="true"' in html and "<title>Error: " in html


def test_the_look_up_is_one_query_by_the_tag_whatever_the_instrument_holds(child, store, year):
    hire = out(child, InstrumentFactory(asset_tag="VLN-0042"))
    with CaptureQueriesContext(connection) as ctx:
        found = find_by_tag("vln-0042")
    assert len(ctx.captured_queries) == 1
    assert '"asset_tag" = ' in ctx.captured_queries[0]["sql"]
    with CaptureQueriesContext(connection) as ctx:
        assert found.hire == hire and found.hire.pupil == child and found.repair is None
        assert found.where == f"With {child.full_name}" and found.can_return
    assert not ctx.captured_queries
    repairs.send_to_repair(
        instrument=InstrumentFactory(asset_tag="VLN-0050"), fault="Crack", repairer="Bow", by=store
    )
    found = find_by_tag("VLN-0050")
    assert found.repair.fault == "Crack" and found.hire is None and found.can_finish_repair


def test_the_desks_page_runs_a_fixed_number_of_queries(
    client, store, child, year, django_assert_max_num_queries
):
    out(child, InstrumentFactory(asset_tag="VLN-0042"))
    client.force_login(store)
    with django_assert_max_num_queries(8):
        _queries(client, DESK, {"tag": "VLN-0042"})


def _check_out(client, hire, condition="good"):
    url = reverse("instruments:desk-check-out", kwargs={"public_id": hire.public_id})
    return client.post(url, {"out-condition": condition}, follow=True)


def test_the_desk_checks_out_an_accepted_hire_once_however_often_the_button_is_pressed(
    client, store, child, year
):
    hire = accepted(child, InstrumentFactory(asset_tag="VLN-0042", condition=Condition.EXCELLENT))
    client.force_login(store)
    html = client.get(DESK, {"tag": "VLN-0042"}).content.decode()
    assert f"Check out to {child.full_name}" in html
    assert '<option value="excellent" selected>Excellent</option>' in html  # defaults to its grade
    response = _check_out(client, hire, "excellent")
    assert response.redirect_chain[-1][0] == f"{DESK}?tag=VLN-0042"
    html = response.content.decode()
    assert f"VLN-0042 is checked out to {child.full_name}." in html and "<strong>On hire</strong>" in html
    assert "Return VLN-0042</button>" in html and "Check out VLN-0042</button>" not in html
    html = _check_out(client, hire, "excellent").content.decode()
    assert re.search(rf"VLN-0042 was already checked out to {child.full_name} on \d\d/\d\d/\d{{4}}\.", html)
    assert ConditionCheck.objects.count() == 1
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.OUT


def test_the_desk_will_not_check_out_a_hire_whose_agreement_waits(client, store, child, year):
    hire = allocated(child, InstrumentFactory(asset_tag="VLN-0042"))
    client.force_login(store)
    html = client.get(DESK, {"tag": "VLN-0042"}).content.decode()
    assert "the family has not accepted the hire agreement yet" in html
    assert "Check out VLN-0042</button>" not in html
    html = _check_out(client, hire).content.decode()
    assert "VLN-0042 cannot go out yet" in html and "has not accepted the hire agreement for Amira" in html
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.ALLOCATED
    assert not ConditionCheck.objects.exists()


def test_a_bad_condition_is_shown_next_to_its_field_and_nothing_is_saved(client, store, child, year):
    hire = accepted(child, InstrumentFactory(asset_tag="VLN-0042"))
    client.force_login(store)
    url = reverse("instruments:desk-check-out", kwargs={"public_id": hire.public_id})
    html = client.post(url, {"out-condition": "shiny"}).content.decode()
    assert field_error_html("id_out-condition", "Choose its condition from the list.") in html
    assert 'value="VLN-0042"' in html
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.AGREEMENT_ACCEPTED


def _return(client, hire, **changes):
    url = reverse("instruments:desk-return", kwargs={"public_id": hire.public_id})
    data = {
        "back-condition": "good",
        "back-damage_charge": "0.00",
        "back-note": "",
        "back-repairer": "",
        **changes,
    }
    return client.post(url, data, follow=True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"back-to_repair": "on", "back-repairer": "Bow & Bench"},
            "id_back-note",
            "Say what is wrong with it, for the repairer.",
        ),
        (
            {"back-to_repair": "on", "back-note": "Crack"},
            "id_back-repairer",
            "Give the repairer it is going to.",
        ),
        ({"back-damage_charge": "-5"}, "id_back-damage_charge", "A sum of money cannot be negative."),
        ({"back-damage_charge": "ten"}, "id_back-damage_charge", "Give a sum in pounds, e.g. 45.00."),
    ],
)
def test_a_bad_return_is_shown_next_to_its_field_and_nothing_is_saved(
    client, store, child, year, changes, field, message
):
    hire = out(child, InstrumentFactory(asset_tag="VLN-0042"))
    client.force_login(store)
    response = _return(client, hire, **changes)
    html = response.content.decode()
    assert field_error_html(field, escape(message)) in html
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.OUT
    assert Instrument.objects.get(pk=hire.instrument_id).status == Instrument.Status.ON_HIRE
    assert not Repair.objects.exists() and ConditionCheck.objects.count() == 1


def test_a_return_with_damage_goes_to_repair_and_the_finished_repair_puts_it_back_in_stock(
    client, store, child, year
):
    hire = out(child, InstrumentFactory(asset_tag="VLN-0042"))
    client.force_login(store)
    html = _return(
        client,
        hire,
        **{
            "back-condition": "poor",
            "back-damage_charge": "40",
            "back-to_repair": "on",
            "back-note": "Cracked top",
            "back-repairer": "Bow & Bench",
        },
    ).content.decode()
    assert "VLN-0042 is returned and sent to Bow &amp; Bench for repair." in html
    assert "<strong>In repair</strong>" in html and "Finish the repair of VLN-0042</button>" in html
    assert Hire.objects.get(pk=hire.pk).damage_charge == Decimal("40.00")
    repair = Repair.objects.get()
    url = reverse("instruments:desk-finish-repair", kwargs={"public_id": repair.public_id})
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    html = client.post(
        url, {"fixed-cost": "55", "fixed-returned_on": tomorrow, "fixed-condition": "good"}
    ).content.decode()
    assert field_error_html("id_fixed-returned_on", "The day it came back cannot be in the future.") in html
    assert Repair.objects.get().is_open
    data = {"fixed-cost": "55", "fixed-returned_on": TODAY().isoformat(), "fixed-condition": "good"}
    html = client.post(url, data, follow=True).content.decode()
    assert "VLN-0042 is back from repair and in stock." in html and "<strong>Available</strong>" in html
    assert Repair.objects.get().cost == Decimal("55.00")
    html = client.post(url, data, follow=True).content.decode()
    assert re.search(r"VLN-0042 came back from this repair on \d\d/\d\d/\d{4}\.", html)


def test_the_desk_sends_an_instrument_in_stock_to_repair(client, store):
    instrument = InstrumentFactory(asset_tag="VLN-0042")
    client.force_login(store)
    url = reverse("instruments:desk-send-to-repair", kwargs={"public_id": instrument.public_id})
    html = client.post(url, {"repair-fault": "", "repair-repairer": "Bow & Bench"}).content.decode()
    assert field_error_html("id_repair-fault", "Say what is wrong with it, for the repairer.") in html
    assert not Repair.objects.exists()
    html = client.post(
        url, {"repair-fault": "Loose bridge", "repair-repairer": "Bow & Bench"}, follow=True
    ).content
    assert "VLN-0042 is away for repair with Bow &amp; Bench." in html.decode()
    assert Instrument.objects.get(pk=instrument.pk).status == Instrument.Status.IN_REPAIR


# --- Class sets ------------------------------------------------------------------------------------------


def _lend(client, to, **changes):
    data = {
        "school": str(to.urn),
        "tags": "",
        "due_back_on": (TODAY() + datetime.timedelta(days=90)).isoformat(),
        "charging": "free",
        "out_now": "on",
        "note": "",
        **changes,
    }
    return client.post(reverse("instruments:class-set-add") + "?instrument_type=ukulele", data, follow=True)


@pytest.fixture
def ukuleles(db):
    kind = instrument_type("Ukulele", ["Soprano", "Concert"], family="guitar")
    return [
        InstrumentFactory(instrument_type=kind, size="Soprano", asset_tag=f"UKE-{n:03d}") for n in range(4)
    ]


def test_staff_lend_a_class_set_by_ticking_and_by_typing_tags(client, store, school, ukuleles):
    client.force_login(store)
    page = client.get(reverse("instruments:class-set-add"), {"instrument_type": "ukulele"}).content.decode()
    assert page.count('name="instruments"') == 4
    response = _lend(client, school, instruments=["UKE-000", "UKE-001"], tags="uke-002\n UKE-003 , uke-001")
    html = response.content.decode()
    assert f"4 instruments lent to {school.name}." in html
    loan = ClassSetLoan.objects.get()
    assert loan.free_under_sla and loan.hires.filter(status=Hire.Status.OUT).count() == 4
    assert "UKE-003" in html and "On hire" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "id_instruments", "Tick the instruments to lend, or type their asset tags."),
        ({"tags": "UKE-000 UKE-999 nope"}, "id_tags", "No instrument has the asset tags UKE-999, NOPE."),
        ({"school": "Nowhere Academy"}, "id_school", "No school in the register matches “Nowhere Academy”"),
        (
            {"tags": "UKE-000", "due_back_on": "2020-01-01"},
            "id_due_back_on",
            "The day they are due back must be after today.",
        ),
    ],
)
def test_bad_class_set_input_is_shown_next_to_its_field_and_nothing_is_lent(
    client, store, school, ukuleles, changes, field, message
):
    client.force_login(store)
    html = _lend(client, school, **changes).content.decode()
    # A message that names what was typed ends with it: its start is enough here.
    assert field_error_html(field, escape(message)).split("</strong>")[0] in html
    assert not ClassSetLoan.objects.exists() and not Hire.objects.exists()


def test_an_instrument_already_on_hire_stops_the_whole_class_set_and_is_named(
    client, store, school, ukuleles, child, year
):
    taken = ukuleles[2]
    out(child, taken)
    client.force_login(store)
    html = _lend(client, school, tags="UKE-000 UKE-001 UKE-002").content.decode()
    assert f"UKE-002 is on hire to {child.full_name}. Nothing was lent: take it off the list." in html
    assert not ClassSetLoan.objects.exists()
    assert Hire.objects.filter(class_set__isnull=False).count() == 0
    assert Instrument.objects.get(asset_tag="UKE-000").status == Instrument.Status.AVAILABLE


def test_the_class_set_list_runs_a_fixed_number_of_queries(
    client, store, school, ukuleles, django_assert_max_num_queries
):
    client.force_login(store)
    _lend(client, school, tags="UKE-000")
    url = reverse("instruments:class-set-list")
    few = _queries(client, url)
    for tag in ("UKE-001", "UKE-002", "UKE-003"):
        _lend(client, factories.SchoolFactory(), tags=tag)
    with django_assert_max_num_queries(8):
        assert _queries(client, url) == few


def test_the_store_home_counts_the_days_work_and_lists_what_is_ready_to_hand_over(
    client, store, child, other_child
):
    _waiting(2)
    allocated(child)
    ready = accepted(other_child, InstrumentFactory(asset_tag="HD-READY"))
    late = out(child)
    Hire.objects.filter(pk=late.pk).update(due_back_on=TODAY() - datetime.timedelta(days=1))
    InstrumentFactory(status=Instrument.Status.IN_REPAIR)
    client.force_login(store)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("hub:staff-home")).content.decode()
    shown = {
        label: figure
        for figure, label in re.findall(
            r'<div class="stat[^"]*">([^<]+)</div><div class="[^"]*">([^<]+)<', html
        )
    }
    expected = {
        "Requests to allocate": "2",
        "Waiting for an agreement": "1",
        "Ready to check out": "1",
        "Overdue hires": "1",
        "On hire": "1",
        "Away for repair": "1",
    }
    assert {label: shown.get(label) for label in expected} == expected
    assert f'{DESK}?tag=HD-READY">HD-READY</a>: 3/4 Violin for {escape(ready.pupil.full_name)}' in html
    for _ in range(3):
        accepted(factories.PupilFactory(guardians=[factories.GuardianFactory()]))
    with CaptureQueriesContext(connection) as more_ctx:
        client.get(reverse("hub:staff-home"))
    assert len(more_ctx) == len(ctx)
