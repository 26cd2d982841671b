"""A family's side of ensembles: applying for a child (from the ensemble's public page), their children's
ensembles and applications, booking or changing an audition, and withdrawing an application. Another family's
child or application answers 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.forms.applications import ApplicationForm, BookingForm
from ensembles.selectors import applications as selectors
from ensembles.services import applications as services
from ensembles.services import auditions as audition_services
from ensembles.views.ensembles import show_error
from hub.access import guardian_required
from schools.selectors.people import get_child_for


@guardian_required
def family_ensembles(request):
    context = {"children": selectors.family_ensembles(request.user.guardian)}
    return render(request, "ensembles/family/ensembles.html", context)


def _chosen_child(request):
    """The child the form names (posted, or in the link that opened it): 404 for another family's child."""
    chosen = request.POST.get("child") if request.method == "POST" else request.GET.get("child")
    return get_child_for(request.user, chosen) if chosen else None


@guardian_required
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    ensemble, year = selectors.get_ensemble_to_apply(slug)
    child = _chosen_child(request)
    children = request.user.guardian.children.order_by("first_name", "last_name")
    family = list(children)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        initial={"child": child.public_id} if child else {},
        children=children,
        family=family,
        instruments=services.instruments_taken(ensemble),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.apply(
                ensemble=ensemble,
                pupil=data["child"],
                instrument=data["instrument"],
                grade=data["grade"],
                experience=data["experience"],
                current_teacher=data["current_teacher"],
                by=request.user,
            )
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                f"{application.pupil.first_name}'s application to {ensemble.name} has been sent. "
                "Next, book an audition.",
            )
            return redirect("ensembles:family-application", public_id=application.public_id)
    context = {"form": form, "ensemble": ensemble, "year": year, "has_children": bool(family)}
    return render(request, "ensembles/family/apply.html", context)


@guardian_required
@require_http_methods(["GET", "POST"])
def application_detail(request, public_id):
    """The application and its state; while it waits for a decision, the audition to book or change."""
    application = selectors.get_family_application(request.user, public_id)
    slots = selectors.free_slots(application) if application.status == application.Status.APPLIED else []
    booked = getattr(application, "audition", None)
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        initial={"slot": booked.public_id} if booked else {},
        slots=slots,
    )
    if request.method == "POST" and form.is_valid():
        try:
            slot = audition_services.book_audition(
                application=application, slot=form.cleaned_data["slot"], by=request.user
            )
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{application.pupil.first_name}'s audition is booked: {slot.when}.")
            return redirect("ensembles:family-application", public_id=application.public_id)
    context = {"application": application, "form": form, "slots": slots, "booked": booked}
    return render(request, "ensembles/family/application.html", context)


@guardian_required
@require_http_methods(["GET", "POST"])
def withdraw(request, public_id):
    application = selectors.get_family_application(request.user, public_id)
    if request.method == "POST":
        try:
            services.withdraw(application=application, by=request.user)
        except EnsemblesError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{application.pupil.first_name}'s application to {application.ensemble.name} is withdrawn.",
            )
        return redirect("ensembles:family-ensembles")
    return render(request, "ensembles/family/withdraw.html", {"application": application})
