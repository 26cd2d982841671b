"""Invoice series say which financial year they belong to: SLA-2026-27-00042, CN-2026-27-00003."""

import datetime
from decimal import Decimal

import pytest

from hub.billing import services
from hub.billing.models import InvoiceSeries
from hub.billing.numbering import credit_note_series, display_number, financial_year_name, series_code
from hub.billing.services import Charge
from schools.services.invoicing import sla_series
from tests.sla_factories import financial_year_for
from tests.test_billing_services import issue, make_account


def test_a_series_is_named_by_its_prefix_and_financial_year():
    assert series_code("SLA", "2026-27") == "SLA-2026-27"
    assert display_number("SLA-2026-27", 42) == "SLA-2026-27-00042"


@pytest.mark.parametrize("bad", ["2027", "2026-28", "2026/27", "26-27", ""])
def test_a_financial_year_not_written_like_2026_27_is_refused(bad):
    with pytest.raises(ValueError, match="written like 2026-27"):
        series_code("SLA", bad)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 4, 1), "2026-27"),
        (datetime.date(2027, 3, 31), "2026-27"),
        (datetime.date(2027, 4, 1), "2027-28"),
        (datetime.date(2099, 12, 31), "2099-00"),
    ],
)
def test_the_financial_year_of_a_day_runs_from_1_april(day, year):
    assert financial_year_name(day) == year
    assert credit_note_series(day) == f"CN-{year}"


def test_the_sla_invoices_of_2026_27_are_numbered_in_sla_2026_27(db):
    year = financial_year_for(datetime.date(2026, 6, 1))
    assert year.name == "2026-27"
    assert sla_series(year) == "SLA-2026-27"  # not SLA-2027, the year it ends


def test_a_credit_note_is_numbered_in_the_financial_year_it_is_issued_in(db, finance):
    invoice = issue(make_account())
    note = services.credit_invoice(invoice=invoice, amount=Decimal("1.00"), reason="Test", by=finance)
    assert note.display_number == f"{credit_note_series(note.issue_date)}-00001"
    assert note.series.code.startswith("CN-") and len(note.series.code) == len("CN-2026-27")


def test_a_series_named_the_old_way_keeps_its_name_and_numbers(db):
    old = InvoiceSeries.objects.create(code="SLA-2027", next_number=451)
    invoice = services.issue_invoice(
        account=make_account(),
        series_code="SLA-2027",
        charges=[Charge("Teaching", Decimal(1), Decimal("10.00"), "old:1")],
        title="Issued before the new names",
        by=None,
    )
    assert invoice.series == old and invoice.display_number == "SLA-2027-00451"
