"""COPY for the tables too big for bulk_create in the seed's time budget: this term's registers.

bulk_create builds a model instance and a parameterised INSERT for every row; for the ~75,000 lessons and
~170,000 attendance marks of a county's term that was most of the seed's time, while COPY streams the same
rows as text in one statement. Values are plain (ids, short codes, dates and times): only None is escaped.
"""

import datetime
import io
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Stream rows (values in the order of `columns`) into the model's table; returns how many."""
    buffer, count = io.StringIO(), 0
    for row in rows:
        buffer.write("\t".join(_text(value) for value in row))
        buffer.write("\n")
        count += 1
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())
    return count


def _text(value: object) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if any(character in text for character in "\t\n\\"):
        raise ValueError(f"COPY would need to escape {text!r}")
    return text


def next_ids(model: type[Model], count: int) -> list[int]:
    """Ids for rows about to be copied, drawn from the table's own sequence as an INSERT would draw them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]
