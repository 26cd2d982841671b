"""The finance CSV export quotes every text field and never hands a spreadsheet a formula."""

import datetime

from django.utils import timezone

from hub.billing.exports import csv_lines
from tests.test_billing_services import issue, make_account


def test_every_text_field_is_quoted_and_amounts_are_not(db):
    issue(make_account("URN100001", "Oakfield;=1+1;Primary"), "sla:1")
    today = timezone.localdate()
    header, line = list(csv_lines("invoices", today, today))
    assert header.startswith('"type","number","date"')
    assert '"Oakfield;=1+1;Primary"' in line
    assert line.startswith('"invoice","') and f'","{today.isoformat()}","' in line
    assert ",150.00,0.00,150.00," in line


def test_a_name_that_starts_a_formula_after_spaces_is_neutralised(db):
    issue(make_account("URN100001", "  =HYPERLINK(evil)"), "sla:1")
    today = timezone.localdate()
    line = list(csv_lines("invoices", today, today + datetime.timedelta(days=1)))[1]
    assert '"\'  =HYPERLINK(evil)"' in line
