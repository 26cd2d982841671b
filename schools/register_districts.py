"""Which hub area each local authority district of the register belongs to: the districts among the schools,
where their schools are now, and putting a district (and so its schools) in an area."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max

from hub.audit import record_change, snapshot
from hub.models import Area, AuditEvent, User
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


@transaction.atomic
def set_district_area(*, district_code: str, district_name: str, area: Area | None, by: User | None) -> int:
    """Put a district in a hub area (None: in none) and move its schools with it; returns how many moved."""
    mapping = DistrictArea.objects.select_for_update().filter(district_code=district_code).first()
    fields = ["district_name", "area"]
    if area is None:
        if mapping is not None:
            record_change(
                actor=by, instance=mapping, action=AuditEvent.Action.DELETED, before=snapshot(mapping, fields)
            )
            mapping.delete()
    elif mapping is None:
        mapping = DistrictArea.objects.create(
            district_code=district_code, district_name=district_name, area=area
        )
        record_change(
            actor=by, instance=mapping, action=AuditEvent.Action.CREATED, after=snapshot(mapping, fields)
        )
    else:
        before = snapshot(mapping, fields)
        mapping.district_name, mapping.area = district_name, area
        mapping.save()
        record_change(
            actor=by,
            instance=mapping,
            action=AuditEvent.Action.UPDATED,
            before=before,
            after=snapshot(mapping, fields),
        )
    schools = School.objects.filter(district_code=district_code)
    if area is None:
        return schools.exclude(area=None).update(area=None)
    return schools.exclude(area=area).update(area=area)


@transaction.atomic
def set_district_areas(*, changes: list[tuple[str, str, Area | None]], by: User | None) -> int:
    """Several districts at once, all or none: (code, name, area) each; returns how many schools moved."""
    return sum(
        set_district_area(district_code=code, district_name=name, area=area, by=by)
        for code, name, area in changes
    )
