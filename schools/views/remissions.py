"""Remissions: staff's categories and their queue of applications; a family applying for a child.

These pages live in schools/ (floor 1), not beside the categories in hub/billing/ (floor 0): the awards they
list and decide sit beside the pupil in schools/, which floor 0 may not import, and the category pages count
each category's awards. One area, one set of URLs, under "Remissions" in the staff navigation.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, guardian_required, role_required
from schools.errors import RemissionError
from schools.forms.remissions import ApplicationForm, CategoryForm, DecisionForm, QueueFilterForm
from schools.models import RemissionAward
from schools.selectors import people as people_selectors
from schools.selectors import remissions as selectors
from schools.services import remissions as services

PAGE_SIZE = 50
remissions_staff = role_required(Section.REMISSIONS)


def _show(form, error: RemissionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@remissions_staff
def category_list(request):
    return render(request, "schools/remissions/category_list.html", {"categories": selectors.categories()})


@remissions_staff
@require_http_methods(["GET", "POST"])
def category_add(request):
    return _category_form(request, None)


@remissions_staff
@require_http_methods(["GET", "POST"])
def category_edit(request, pk):
    return _category_form(request, selectors.get_category(pk))


def _category_form(request, category):
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        saved = services.save_category(category=category, data=form.cleaned_data, by=request.user)
        messages.success(request, f"{saved.name} is saved.")
        return redirect("schools:remission-category-list")
    context = {"form": form, "category": category}
    return render(request, "schools/remissions/category_form.html", context)


@remissions_staff
def award_queue(request):
    form = QueueFilterForm(request.GET or None, initial={"status": RemissionAward.Status.PENDING})
    status = form.cleaned_data["status"] if form.is_valid() else RemissionAward.Status.PENDING
    page = selectors.award_queue_page(status=status, number=request.GET.get("page"), per_page=PAGE_SIZE)
    context = {"form": form, "page": page, "status": status}
    return render(request, "schools/remissions/award_queue.html", context)


@remissions_staff
@require_http_methods(["GET", "POST"])
def award_detail(request, public_id):
    award = selectors.get_award(public_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.decide_remission(
                award=award, approve=approve, note=form.cleaned_data["note"], by=request.user
            )
        except RemissionError as error:
            _show(form, error)
        else:
            verb = "approved" if approve else "declined"
            messages.success(request, f"{award.pupil.full_name}'s application is {verb}; the family is told.")
            return redirect("schools:remission-queue")
    status = 400 if form.is_bound else 200
    return render(
        request, "schools/remissions/award_detail.html", {"award": award, "form": form}, status=status
    )


@guardian_required
@require_http_methods(["GET", "POST"])
def remission_apply(request, public_id):
    child = people_selectors.get_child_for(request.user, public_id)
    years = selectors.years_open_for_applications()
    categories = selectors.open_categories()
    form = ApplicationForm(request.POST or None, categories=categories, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            award = services.apply_for_remission(pupil=child, by=request.user, **form.cleaned_data)
        except RemissionError as error:
            _show(form, error)
        else:
            messages.success(
                request,
                f"Your application for {award.category.name} for {child.first_name} in {award.academic_year} "
                "is sent. The hub will e-mail you its decision.",
            )
            return redirect("schools:child-detail", public_id=child.public_id)
    context = {"child": child, "form": form, "years": years, "categories": list(categories)}
    return render(request, "schools/remissions/apply.html", context)
