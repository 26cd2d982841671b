"""Benchmark the ledger: one invoice PDF (median once warm) and finance's invoice list over 5,200 invoices.

On a throwaway database (musichub_bench_billing) on the server of DATABASE_URL. Run from the project root:
.venv/bin/python bench/invoices.py
"""

import datetime
import statistics
import time
from decimal import Decimal

from _throwaway import throwaway_database

BENCH_DB = "musichub_bench_billing"
ACCOUNTS, INVOICES, LINES = 500, 5_200, 3


def timed(call, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.1f} ms, p95 {statistics.quantiles(times, n=20)[-1]:.1f} ms"


def build() -> None:
    """Five accounts' invoices through issue_invoice (the real path), the rest in bulk for speed."""
    from hub.billing.models import BillingAccount

    accounts = BillingAccount.objects.bulk_create(
        BillingAccount(
            kind="school",
            name=f"Bench School {n}",
            reference=f"URN{700000 + n}",
            address=f"{n} High Street\nAshby\nNS1 {n % 9}AB",
            email=f"bm{n}@school.example.org",
        )
        for n in range(ACCOUNTS)
    )
    issue_through_the_service(accounts[:5])
    invoices = bulk_invoices(accounts)
    bulk_lines_and_payments(invoices)


def issue_through_the_service(accounts) -> None:
    from hub.billing.numbering import series_code
    from hub.billing.services import Charge, issue_invoice

    for n, account in enumerate(accounts):
        issue_invoice(
            account=account,
            series_code=series_code("SLA", "2026-27"),
            title="Music SLA 2026-27",
            by=None,
            charges=[
                Charge(
                    f"Service {k}",
                    Decimal(5),
                    Decimal("44.00"),
                    f"bench:{n}:{k}",
                    Decimal(20 if k == 2 else 0),
                )
                for k in range(LINES)
            ],
        )


def bulk_invoices(accounts) -> list:
    """Invoices 6 to INVOICES, written straight to the table, with their series' counter moved on."""
    from django.conf import settings
    from django.utils import timezone

    from hub.billing.models import Invoice, InvoiceSeries
    from hub.billing.numbering import series_code

    series = InvoiceSeries.objects.get(code=series_code("SLA", "2026-27"))
    today = timezone.localdate()
    invoices = []
    for n in range(5, INVOICES):
        issued = today - datetime.timedelta(days=n % 200)
        account = accounts[n % ACCOUNTS]
        invoices.append(
            Invoice(
                account=account,
                series=series,
                number=n + 1,
                issued_at=timezone.now(),
                issue_date=issued,
                due_date=issued + datetime.timedelta(days=30),
                billed_name=account.name,
                billed_address=account.address,
                billed_email=account.email,
                account_reference=account.reference,
                hub_name=settings.HUB_NAME,
                hub_address=settings.HUB_ADDRESS,
                title="Music SLA 2026-27",
                net=Decimal("660.00"),
                vat=Decimal("44.00"),
                total=Decimal("704.00"),
            )
        )
    Invoice.objects.bulk_create(invoices, batch_size=1000)
    InvoiceSeries.objects.filter(pk=series.pk).update(next_number=INVOICES + 1)
    return invoices


def bulk_lines_and_payments(invoices) -> None:
    """Three lines on each bulk invoice; every other one paid, a third of those in part."""
    from django.utils import timezone

    from hub.billing.models import InvoiceLine, Payment

    InvoiceLine.objects.bulk_create(
        (
            InvoiceLine(
                invoice=invoice,
                position=k + 1,
                description=f"Service {k}",
                quantity=Decimal(5),
                unit_price=Decimal("44.00"),
                vat_rate=Decimal(20 if k == 2 else 0),
                net=Decimal("220.00"),
                vat=Decimal("44.00" if k == 2 else "0.00"),
                gross=Decimal("264.00" if k == 2 else "220.00"),
                source_key=f"bench:{invoice.number}:{k}",
            )
            for invoice in invoices
            for k in range(LINES)
        ),
        batch_size=3000,
    )
    Payment.objects.bulk_create(
        (
            Payment(
                account=invoice.account,
                invoice=invoice,
                amount=Decimal("704.00") if n % 3 else Decimal("300.00"),
                received_on=timezone.localdate(),
                method="bacs",
            )
            for n, invoice in enumerate(invoices)
            if n % 2
        ),
        batch_size=2000,
    )


def main() -> None:
    with throwaway_database(BENCH_DB):
        measure()


def measure() -> None:
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hub.billing.documents import invoice_pdf
    from hub.billing.models import Invoice
    from hub.models import User

    started = time.monotonic()
    build()
    took = time.monotonic() - started
    print(f"built {Invoice.objects.count():,} invoices with {LINES} lines each in {took:.1f} s")

    invoice = Invoice.objects.select_related("series").order_by("number").first()
    for _ in range(3):
        invoice_pdf(invoice)
    pdf_times = timed(lambda: invoice_pdf(invoice), 30)
    print(f"invoice PDF ({invoice.display_number}, {LINES} lines): {summary(pdf_times)}")

    user = User.objects.create_user(email="finance@bench.example.org")
    user.groups.add(Group.objects.get(name="Finance"))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    for size in (50, 200):
        url = f"/staff/billing/?per_page={size}&sort=outstanding"
        assert client.get(url).status_code == 200
        reset_queries()  # the log is capped at 9,000 entries, which building the data filled
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times = timed(lambda u=url: client.get(u), 20)
        print(f"invoice list, {size} a page, sorted by outstanding: {summary(times)}, {len(queries)} queries")


if __name__ == "__main__":
    main()
