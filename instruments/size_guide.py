"""The size guide a parent reads beside the hire request: which size of an instrument fits a child of an age.

Data, not rules: a guide only (arm and hand length decide, and the teacher or the store checks the fit when
the instrument is collected). Sizes are named as the instrument catalogue names them; a type the guide does
not list comes in one size, or in sizes that do not follow age (a flute's head, a tuba's key).
"""

import datetime
from dataclasses import dataclass

from schools.models.pupils import age_on


@dataclass(frozen=True)
class Band:
    """A size, and the ages (in whole years) it usually fits: `to_age` None means that age and older."""

    size: str
    from_age: int
    to_age: int | None

    @property
    def ages(self) -> str:
        if self.to_age is None:
            return f"{self.from_age} and over"
        return f"{self.from_age} to {self.to_age}"

    def fits(self, age: int) -> bool:
        return age >= self.from_age and (self.to_age is None or age <= self.to_age)


# By the type's slug, smallest size first.
GUIDE: dict[str, tuple[Band, ...]] = {
    "violin": (
        Band("1/16", 3, 4),
        Band("1/10", 4, 5),
        Band("1/8", 5, 6),
        Band("1/4", 6, 7),
        Band("1/2", 7, 9),
        Band("3/4", 9, 11),
        Band("4/4", 11, None),
    ),
    "viola": (
        Band('12"', 7, 8),
        Band('13"', 8, 10),
        Band('14"', 10, 11),
        Band('15"', 11, 12),
        Band('15.5"', 12, 14),
        Band('16"', 14, None),
    ),
    "cello": (Band("1/4", 6, 8), Band("1/2", 8, 11), Band("3/4", 11, 14), Band("4/4", 14, None)),
    "double-bass": (Band("1/4", 8, 11), Band("1/2", 11, 14), Band("3/4", 14, None)),
    "classical-guitar": (Band("1/4", 4, 6), Band("1/2", 6, 8), Band("3/4", 8, 11), Band("4/4", 11, None)),
    "flute": (Band("Curved head", 7, 9), Band("Standard", 9, None)),
    "bassoon": (Band("Fagottino", 8, 11), Band("Standard", 12, None)),
}


@dataclass(frozen=True)
class TypeGuide:
    """One type's table: its name and bands (only the sizes the store's catalogue lists for it)."""

    name: str
    slug: str
    bands: tuple[Band, ...]


def guide_for(instrument_type) -> TypeGuide | None:
    """The type's table, or None when sizes do not follow age for it."""
    sizes = set(instrument_type.sizes)
    bands = tuple(band for band in GUIDE.get(instrument_type.slug, ()) if band.size in sizes)
    return TypeGuide(instrument_type.name, instrument_type.slug, bands) if bands else None


def guides_for(instrument_types) -> list[TypeGuide]:
    return [guide for item in instrument_types if (guide := guide_for(item))]


@dataclass(frozen=True)
class Row:
    """A line of a type's table, with the children (first names) the guide suggests it for."""

    band: Band
    for_children: list[str]


def rows_for(guide: TypeGuide, children: list, on: datetime.date) -> list[Row]:
    """The guide's lines, each naming the children whose suggested size it is on a day."""
    suggested = {
        child.first_name: _suggested(guide.bands, age_on(child.date_of_birth, on)) for child in children
    }
    return [
        Row(band, [name for name, size in suggested.items() if size == band.size]) for band in guide.bands
    ]


def suggested_size(instrument_type, date_of_birth: datetime.date, on: datetime.date) -> str | None:
    """The size the guide suggests for a child born on `date_of_birth`, on a day; None if it has none.
    Where two bands meet at an age, the larger size: a child grows into it within the year."""
    guide = guide_for(instrument_type)
    if guide is None:
        return None
    return _suggested(guide.bands, age_on(date_of_birth, on))


def _suggested(bands: tuple[Band, ...], age: int) -> str:
    fitting = [band.size for band in bands if band.fits(age)]
    if fitting:
        return fitting[-1]
    return bands[0].size if age < bands[0].from_age else bands[-1].size
