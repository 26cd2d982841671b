"""Reads about the register's districts and the hub area each is filed under."""

from dataclasses import dataclass, field

from django.db.models import Count, Max

from hub.models import Area
from schools.models import DistrictArea, School


@dataclass
class District:
    """A local authority district seen among the schools, the hub area it is mapped to, and where its
    schools are now (schools_area_id: the one area all of them are in, if there is one)."""

    code: str
    name: str
    schools: int
    area: Area | None = None
    school_areas: list[tuple[str, int]] = field(default_factory=list)
    schools_area_id: int | None = None


def districts_seen() -> list[District]:
    """Every district among the schools with its mapping; a fixed number of queries however many there are."""
    rows = (
        School.objects.exclude(district_code="")
        .values("district_code")
        .annotate(name=Max("district_name"), schools=Count("id"))
        .order_by("name", "district_code")
    )
    districts = {
        row["district_code"]: District(row["district_code"], row["name"], row["schools"]) for row in rows
    }
    for mapping in DistrictArea.objects.select_related("area"):
        if mapping.district_code in districts:
            districts[mapping.district_code].area = mapping.area
    school_areas = (
        School.objects.exclude(district_code="")
        .values("district_code", "area_id", "area__name")
        .annotate(schools=Count("id"))
        .order_by("district_code", "area__name")
    )
    areas_of: dict[str, set[int | None]] = {}
    for row in school_areas:
        districts[row["district_code"]].school_areas.append((row["area__name"] or "no area", row["schools"]))
        areas_of.setdefault(row["district_code"], set()).add(row["area_id"])
    for code, area_ids in areas_of.items():
        if len(area_ids) == 1:
            districts[code].schools_area_id = next(iter(area_ids))
    return list(districts.values())
