"""Names already stored with a line break or other control character (imported from a register CSV before
names were cleaned) make e-mails that can never be sent: put them on one line, as hub.text.clean_text does."""

import re

from django.db import migrations
from django.db.models import Q

# A copy of hub.text.clean_text as it is today: a migration must not change when the code does.
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_CONTROL_RUN = re.compile(rf"[\s{_CONTROL}]*[{_CONTROL}][\s{_CONTROL}]*")
# PostgreSQL text never holds NUL, so the database pattern starts at U+0001.
_HAS_CONTROL = "[" + "".join(chr(c) for c in (*range(1, 32), *range(0x7F, 0xA0), 0x2028, 0x2029)) + "]"

FIELDS = {
    "School": [
        "name",
        "la_name",
        "establishment_type",
        "phase",
        "street",
        "locality",
        "address3",
        "town",
        "county",
        "postcode",
        "telephone",
        "website",
        "head_name",
        "district_name",
    ],
    "Pupil": ["first_name", "last_name", "other_school_name"],
    "Service": ["name"],
    "Package": ["name"],
}


def _clean(text: str) -> str:
    # A value of control characters alone is left for a person to see: blank could break a constraint.
    return _CONTROL_RUN.sub(" ", text).strip() or text


def names_on_one_line(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("schools", model_name)
        with_control = Q()
        for name in fields:
            with_control |= Q(**{f"{name}__regex": _HAS_CONTROL})
        for row in model.objects.filter(with_control).only("pk", *fields):
            for name in fields:
                setattr(row, name, _clean(getattr(row, name)))
            row.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0005_school_status_not_known"),
    ]

    operations = [
        migrations.RunPython(names_on_one_line, migrations.RunPython.noop),
    ]
