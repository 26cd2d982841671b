"""The size guide (data, with the size it suggests for a child's age) and how instruments are named in a
sentence."""

import datetime

import pytest

from hub.models import InstrumentType
from instruments.naming import a_kind, kind
from instruments.size_guide import guide_for, rows_for, suggested_size
from schools.models import Pupil

VIOLIN = InstrumentType(
    name="Violin", slug="violin", sizes=["1/16", "1/10", "1/8", "1/4", "1/2", "3/4", "4/4"]
)
DAY = datetime.date(2026, 12, 7)


def born(age: int) -> datetime.date:
    return DAY.replace(year=DAY.year - age)


@pytest.mark.parametrize(
    ("age", "size"),
    [(2, "1/16"), (3, "1/16"), (6, "1/4"), (8, "1/2"), (9, "3/4"), (10, "3/4"), (11, "4/4"), (40, "4/4")],
)
def test_the_guide_suggests_a_violin_size_by_age_the_larger_where_two_meet(age, size):
    assert suggested_size(VIOLIN, born(age), DAY) == size


def test_a_birthday_tomorrow_does_not_count_yet():
    assert suggested_size(VIOLIN, born(9) + datetime.timedelta(days=1), DAY) == "1/2"


def test_the_guide_lists_only_the_sizes_the_catalogue_has_and_none_for_a_type_without_sizes():
    cello = InstrumentType(name="Cello", slug="cello", sizes=["1/2", "3/4"])
    assert [band.size for band in guide_for(cello).bands] == ["1/2", "3/4"]
    assert guide_for(InstrumentType(name="Trumpet", slug="trumpet", sizes=[])) is None
    assert guide_for(InstrumentType(name="Tuba", slug="tuba", sizes=["E flat", "B flat"])) is None
    assert suggested_size(InstrumentType(name="Trumpet", slug="trumpet"), born(9), DAY) is None


def test_each_line_of_a_table_names_the_children_it_suits():
    children = [
        Pupil(first_name="Amira", date_of_birth=born(10)),
        Pupil(first_name="Sam", date_of_birth=born(6)),
    ]
    rows = {row.band.size: row.for_children for row in rows_for(guide_for(VIOLIN), children, DAY)}
    assert rows["3/4"] == ["Amira"] and rows["1/4"] == ["Sam"] and rows["4/4"] == []
    assert rows_for(guide_for(VIOLIN), children, DAY)[0].band.ages == "3 to 4"
    assert rows_for(guide_for(VIOLIN), children, DAY)[-1].band.ages == "11 and over"


@pytest.mark.parametrize(
    ("name", "size", "said"),
    [
        ("Violin", "3/4", "a 3/4 violin"),
        ("Oboe", "", "an oboe"),
        ("Alto saxophone", "", "an alto saxophone"),
        ("Euphonium", "", "a euphonium"),
        ("Ukulele", "Soprano", "a Soprano ukulele"),
    ],
)
def test_an_instrument_is_named_in_a_sentence_with_its_article(name, size, said):
    instrument_type = InstrumentType(name=name, slug=name.lower())
    assert a_kind(instrument_type, size) == said
    assert kind(instrument_type, size) == said.split(" ", 1)[1]
