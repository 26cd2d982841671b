"""Each school's billing account takes the school's area, so that finance can filter aged debt by area."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_areas(apps, schema_editor):
    BillingAccount = apps.get_model("billing", "BillingAccount")
    School = apps.get_model("schools", "School")
    BillingAccount.objects.filter(kind="school").update(
        area_id=Subquery(School.objects.filter(billing_account=OuterRef("pk")).values("area_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0004_billing_account_area"),
        ("schools", "0008_subscription_agreement_pdf"),
    ]

    operations = [migrations.RunPython(copy_areas, migrations.RunPython.noop)]
