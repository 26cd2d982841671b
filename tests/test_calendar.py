import datetime

import pytest
from django.db import IntegrityError

from hub.models import InstrumentType
from hub.models.calendar import key_stage_label, year_group_label
from tests.factories import make_academic_year


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (datetime.date(2022, 8, 31), "Reception"),  # four on 31 August: starts school this September
        (datetime.date(2022, 9, 1), "Pre-school"),  # a day younger waits a year
        (datetime.date(2016, 9, 1), "Year 5"),
        (datetime.date(2017, 8, 31), "Year 5"),
        (datetime.date(2011, 3, 1), "Year 11"),
        (datetime.date(2011, 9, 1), "Year 10"),
        (datetime.date(2008, 12, 25), "Year 13"),
        (datetime.date(2005, 1, 1), "Post-school"),
    ],
)
def test_year_group_comes_from_age_on_31_august(db, born, expected):
    year = make_academic_year(2026)
    assert year_group_label(year.year_group_of(born)) == expected


def test_year_group_moves_on_with_the_academic_year(db):
    born = datetime.date(2016, 12, 1)
    assert year_group_label(make_academic_year(2026).year_group_of(born)) == "Year 5"
    assert year_group_label(make_academic_year(2027).year_group_of(born)) == "Year 6"


def test_key_stages():
    assert [key_stage_label(y) for y in (0, 1, 2, 3, 6, 7, 9, 10, 11, 12, 13)] == [
        "Early years",
        "KS1",
        "KS1",
        "KS2",
        "KS2",
        "KS3",
        "KS3",
        "KS4",
        "KS4",
        "KS5",
        "KS5",
    ]


def test_the_database_refuses_a_hireable_voice(db):
    with pytest.raises(IntegrityError):
        InstrumentType.objects.create(name="Voice", slug="voice", family="voice", hireable=True)
