"""The cache table (settings.CACHES): what `createcachetable` would make, made here so that a clean checkout
has it after `migrate`. It holds sign-in rate limits and used two-factor codes."""

from django.db import migrations

CREATE = """
CREATE TABLE hub_cache (
    cache_key varchar(255) NOT NULL PRIMARY KEY,
    value text NOT NULL,
    expires timestamp with time zone NOT NULL
);
CREATE INDEX hub_cache_expires ON hub_cache (expires);
"""


class Migration(migrations.Migration):
    dependencies = [("hub", "0004_outbox_and_job_heartbeat")]

    operations = [migrations.RunSQL(CREATE, reverse_sql="DROP TABLE hub_cache;")]
