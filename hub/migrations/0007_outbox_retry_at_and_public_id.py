import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    """A public id for the failed e-mails page, and when a transiently failed e-mail may be tried again.

    Existing rows each get their own UUID from PostgreSQL (Django's AddField would give them all one).
    """

    dependencies = [("hub", "0006_constraint_messages")]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="retry_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE hub_outgoingemail ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();"
                    "ALTER TABLE hub_outgoingemail ALTER COLUMN public_id DROP DEFAULT;"
                    "ALTER TABLE hub_outgoingemail ADD CONSTRAINT hub_outgoingemail_public_id_key UNIQUE (public_id);",
                    reverse_sql="ALTER TABLE hub_outgoingemail DROP COLUMN public_id;",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="outgoingemail",
                    name="public_id",
                    field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
                )
            ],
        ),
    ]
