"""Writes about districts: which hub area a register district's schools belong to."""

from django.db import transaction

from hub.audit import record_change, snapshot
from hub.models import Area, AuditEvent, User
from schools.models import DistrictArea, School


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
