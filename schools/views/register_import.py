"""Hub admin pages of the register of schools: importing the GIAS file, and districts in hub areas."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.jobs import JobError
from hub.models import Area
from schools.errors import SchoolsError
from schools.forms.register_import import DistrictAreasForm, RegisterImportForm
from schools.selectors import districts as district_selectors
from schools.services import districts as district_services
from schools.services.register_import import start_register_import


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@role_required(Section.PEOPLE)
@require_http_methods(["GET", "POST"])
def register_import(request):
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_register_import(
                data=upload.read(),
                file_name=upload.name,
                la_codes=form.cleaned_data["la_codes"],
                by=request.user,
            )
        except SchoolsError as error:
            form.add_error("file", f"{error} Nothing was changed.")
        except JobError as error:
            form.add_error("file", str(error))
        else:
            return redirect("hub:job-detail", public_id=job.public_id)
    return render(request, "schools/register/import.html", {"form": form})


@role_required(Section.PEOPLE)
@require_http_methods(["GET", "POST"])
def district_areas(request):
    form = DistrictAreasForm(
        request.POST or None, districts=district_selectors.districts_seen(), areas=list(Area.objects.all())
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        moved = district_services.set_district_areas(changes=changes, by=request.user)
        if changes:
            messages.success(
                request, f"Saved {_count(len(changes), 'district')}; {_count(moved, 'school')} moved."
            )
        else:
            messages.info(request, "Nothing was changed.")
        return redirect("schools:district-areas")
    return render(request, "schools/register/district_areas.html", {"form": form})
