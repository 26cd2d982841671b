"""A transactional test's flush, made cheap: only the tables that hold rows are truncated.

Django ends each transactional test (the browser journeys, the real workers, the races) by truncating every
table in one statement, then re-making content types and permissions. PostgreSQL gives each truncated table
new files, so that statement costs about a second on an idle machine, and several under a loaded suite: a
table that holds no row need not be truncated. One query finds the tables with a row (an EXISTS each, which
stops at its first row); CASCADE takes any table that refers to them along.
"""

from django.core.management.sql import emit_post_migrate_signal
from django.db import connections
from django.test import TransactionTestCase


def flush_filled_tables(alias: str) -> None:
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    probe = " UNION ALL ".join(f"(SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(t)}))" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(probe, tables)
        filled = [row[0] for row in cursor.fetchall()]
        if filled:
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in filled)} CASCADE")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)


def _fixture_teardown(self) -> None:
    for alias in self._databases_names(include_mirrors=False):
        flush_filled_tables(alias)


def install() -> None:
    """Use it for every transactional test (the suite sets no available_apps and no serialized rollback)."""
    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]
