"""The family billing run: lessons' charges, remissions, the sibling discount, credits, schools that pay,
and runs repeated or retried that charge nothing twice."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from hub import jobs
from hub.billing.family_run import RUN_KIND, start_family_run
from hub.billing.models import BillingAccount, Invoice, InvoiceLine
from hub.billing.services import BillingError
from hub.billing.sources import Payer
from hub.models import Job, OutgoingEmail
from tests import factories
from tests.tuition_factories import (
    LessonTypeFactory,
    TeachingSlotFactory,
    academic_year,
    enrol,
    family_to_bill,
)
from tuition.billing import term_charges

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(guardian, school):
    return family_to_bill(guardian, school)


def _run(term, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_family_run(term=term, by=None)
    job.refresh_from_db()
    return job


def _lines(invoice: Invoice) -> list[tuple[str, str, Decimal]]:
    return [(line.description, line.source_key, line.net) for line in invoice.lines.order_by("position")]


def test_lessons_source_yields_one_charge_per_enrolment_with_remission_and_credit(family, guardian):
    charges = {c.pupil_name: c for c in term_charges(family["term"])}
    assert set(charges) == {"Amira Khan", "Sam Khan"}
    amira, sam = charges["Amira Khan"], charges["Sam Khan"]
    assert amira.payer == sam.payer == Payer(guardian_id=guardian.pk)
    assert amira.source_key == f"tuition:enrolment:{family['violin'].pk}:term:2026-autumn"
    assert amira.fee == Decimal("150.00") and amira.categories == ()
    assert [(c.amount, c.source_key) for c in amira.credits] == [
        (Decimal("15.00"), f"{amira.source_key}:credit:2026-summer:1")
    ]
    assert "1 Violin lesson lost to the hub in the summer term 2026" in amira.credits[0].description
    assert sam.fee == Decimal("60.00") and [c.name for c in sam.categories] == ["Low household income"]


def test_a_family_with_two_children_gets_one_bill_child_by_child(
    family, guardian, django_capture_on_commit_callbacks, mailoutbox
):
    job = _run(family["term"], django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE and jobs.progress(job)["done"] == 1
    invoice = Invoice.objects.get()
    key_a = f"tuition:enrolment:{family['violin'].pk}:term:2026-autumn"
    key_s = f"tuition:enrolment:{family['flute'].pk}:term:2026-autumn"
    assert _lines(invoice) == [
        (
            "Amira Khan: Violin lessons, autumn term 2026 (Individual 30 minutes)",
            key_a,
            Decimal("150.00"),
        ),
        (
            "Amira Khan: Credit for 1 Violin lesson lost to the hub in the summer term 2026",
            f"{key_a}:credit:2026-summer:1",
            Decimal("-15.00"),
        ),
        ("Sam Khan: Flute lessons, autumn term 2026 (Group of up to 4, 45 minutes)", key_s, Decimal("60.00")),
        ("Sam Khan: Remission: Low household income", f"{key_s}:remission", Decimal("-20.00")),
        ("Sam Khan: Sibling discount (10%)", f"{key_s}:sibling", Decimal("-4.00")),
    ]
    assert invoice.total == family["total"]
    assert invoice.display_number == "FAM-2026-27-00001"
    assert invoice.due_date - invoice.issue_date == datetime.timedelta(days=14)
    account = invoice.account
    assert (account.kind, account.reference, account.email) == (
        "family",
        f"FAM-{guardian.pk}",
        guardian.user.email,
    )
    assert invoice.billed_address == "1 High Street\nAshby\nNS1 1AA"
    email = OutgoingEmail.objects.get(job=job)
    # The e-mail links to the bill, behind the family's sign-in, and carries no PDF naming the children.
    assert email.to == [guardian.user.email] and email.attachments == []
    (sent,) = mailoutbox
    bill_page = f"{settings.SITE_URL}/family/bills/{invoice.public_id}/"
    assert "Dear Pat " in sent.body and "£171.00" in sent.body and bill_page in sent.body
    assert sent.attachments == [] and "Amira" not in sent.body


def test_lessons_the_school_pays_for_go_to_the_schools_account_without_sibling_discount(
    family, guardian, school, contact, django_capture_on_commit_callbacks
):
    paid = TeachingSlotFactory(
        lesson_type=LessonTypeFactory(academic_year=academic_year(2026), name="Whole class"),
        school=school,
        school_pays=True,
        weekday=4,
    )
    enrol(family["amira"], paid, starts_on=datetime.date(2026, 9, 4), payer=guardian)
    _run(family["term"], django_capture_on_commit_callbacks)
    school_bill = Invoice.objects.get(account__kind=BillingAccount.Kind.SCHOOL)
    assert school_bill.account.reference == f"URN{school.urn}"
    assert [(d, n) for d, _, n in _lines(school_bill)] == [
        ("Amira Khan: Violin lessons, autumn term 2026 (Whole class)", Decimal("150.00"))
    ]
    family_bill = Invoice.objects.get(account__kind=BillingAccount.Kind.FAMILY)
    assert family_bill.total == family["total"]  # unchanged: the school's lessons are not the family's
    assert OutgoingEmail.objects.filter(to=[contact.user.email]).exists()


def test_enrolments_ended_before_the_term_are_not_billed(family, guardian, school):
    leaver = factories.PupilFactory(first_name="Lee", school=school, guardians=[guardian])
    slot = TeachingSlotFactory(lesson_type=LessonTypeFactory(academic_year=academic_year(2026)), weekday=0)
    gone = enrol(leaver, slot, starts_on=datetime.date(2026, 4, 20), payer=guardian)
    type(gone).objects.filter(pk=gone.pk).update(ends_on=datetime.date(2026, 7, 20))
    assert "Lee" not in {c.pupil_name.split()[0] for c in term_charges(family["term"])}


def test_a_repeated_run_charges_nothing_twice(family, django_capture_on_commit_callbacks):
    first = _run(family["term"], django_capture_on_commit_callbacks)
    second = _run(family["term"], django_capture_on_commit_callbacks)
    assert Invoice.objects.count() == 1
    assert jobs.progress(second)["skipped"] == 1
    assert second.items.get().detail == "Already billed for this term."
    assert first.pk != second.pk
    keys = list(InvoiceLine.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys)) == 5


def test_a_retried_item_of_a_finished_run_charges_nothing_twice(family, django_capture_on_commit_callbacks):
    job = _run(family["term"], django_capture_on_commit_callbacks)
    # As if the worker had died after issuing but before recording the item: it is claimed again.
    job.items.update(status="failed")
    with django_capture_on_commit_callbacks(execute=True):
        jobs.retry_failed(job=job, by=None)
    assert job.items.get().status == "skipped"
    assert Invoice.objects.count() == 1


def test_an_enrolment_added_after_the_run_is_billed_alone_next_time(
    family, guardian, school, django_capture_on_commit_callbacks
):
    _run(family["term"], django_capture_on_commit_callbacks)
    late = factories.PupilFactory(first_name="Zoe", last_name="Khan", school=school, guardians=[guardian])
    slot = TeachingSlotFactory(
        lesson_type=LessonTypeFactory(academic_year=academic_year(2026), name="Individual 45 minutes"),
        weekday=0,
    )
    enrol(late, slot, starts_on=datetime.date(2026, 10, 5), payer=guardian)
    _run(family["term"], django_capture_on_commit_callbacks)
    second = Invoice.objects.order_by("number").last()
    # Amira (lower pupil id) still pays in full on a tie of fees: Zoe gets the sibling discount.
    assert [d for d, _, _ in _lines(second)] == [
        "Zoe Khan: Violin lessons, autumn term 2026 (Individual 45 minutes)",
        "Zoe Khan: Sibling discount (10%)",
    ]
    assert second.total == Decimal("135.00")


def test_a_second_run_over_the_same_term_is_refused_while_one_is_under_way(family):
    start_family_run(term=family["term"], by=None)  # not yet carried out: still queued
    with pytest.raises(BillingError, match="already under way"):
        start_family_run(term=family["term"], by=None)
    assert Job.objects.filter(kind=RUN_KIND).count() == 1


def test_the_command_runs_the_term_here_and_prints_the_outcome(family, capsys):
    call_command("family_billing_run", "--term", "2026-autumn", "--here")
    out = capsys.readouterr().out
    assert "Family billing run, autumn term 2026" in out
    assert "Finished: 1 done, 0 skipped, 0 failed of 1" in out
    assert Invoice.objects.get().total == family["total"]


def test_the_command_refuses_a_term_that_does_not_exist(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No term 2031-autumn"):
        call_command("family_billing_run", "--term", "2031-autumn", "--here")


def test_billing_one_family_takes_a_fixed_number_of_queries_however_many_children(
    family, guardian, school, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from hub.billing.family_run import bill_payer

    for n in range(4):
        more = factories.PupilFactory(first_name=f"Kid{n}", school=school, guardians=[guardian])
        slot = TeachingSlotFactory(
            lesson_type=LessonTypeFactory(academic_year=academic_year(2026), name=f"Type {n}"), weekday=0
        )
        enrol(more, slot, starts_on=datetime.date(2026, 9, 7), payer=guardian)
    # 31: hire's source also looks back a term for damage charges, since it bills them; 32: ensembles' source
    # reads the family's memberships (and, when there are some, their fees and awards: 34).
    with django_capture_on_commit_callbacks(execute=False), django_assert_max_num_queries(32):
        invoice = bill_payer(term=family["term"], payer=Payer(guardian_id=guardian.pk), by=None)
    assert invoice.lines.count() == 5 + 4 * 2  # each extra child: lessons and the sibling discount
