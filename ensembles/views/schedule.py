"""An ensemble's schedule (Section.ENSEMBLES): a term's dates, generating its rehearsals from the calendar,
adding an event or concert, and calling a date off; another leader's ensemble answers 404. And the
ensemble's public calendar feed (no one's name in it), which anyone may subscribe to."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.feeds import ensemble_events
from ensembles.forms.schedule import EventForm, GenerateForm
from ensembles.selectors import schedule as selectors
from ensembles.services import schedule as services
from ensembles.views.ensembles import show_error
from hub.access import Section, role_required
from hub.calendar import term_for
from hub.calendar_feeds import feed_span, to_ical


def _schedule_url(ensemble, term) -> str:
    return f"{reverse('ensembles:schedule', kwargs={'slug': ensemble.slug})}?term={term.slug}"


def _schedule_url_on(ensemble, day) -> str:
    """The schedule of the term holding the day, or of the term shown by default."""
    term = term_for(day)
    url = reverse("ensembles:schedule", kwargs={"slug": ensemble.slug})
    return f"{url}?term={term.slug}" if term else url


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def schedule(request, slug):
    ensemble = selectors.get_schedule_ensemble_for(request.user, slug)
    today = timezone.localdate()
    terms = selectors.terms_around(today)
    term = selectors.term_shown(terms, request.GET.get("term"), today)
    form = GenerateForm(request.POST or None, terms=terms, initial={"term": term.slug if term else None})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["term"]
        added = services.generate_rehearsals(ensemble=ensemble, term=chosen, by=request.user)
        name = f"{chosen.get_kind_display().lower()} term"
        if added:
            messages.success(
                request, f"{len(added)} rehearsal{'s' if len(added) != 1 else ''} added for the {name}."
            )
        else:
            messages.info(request, f"The {name} already has all its rehearsals: none added.")
        return redirect(_schedule_url(ensemble, chosen))
    dates = selectors.schedule_of(ensemble, *selectors.term_span(terms, term)) if term else []
    context = {"ensemble": ensemble, "terms": terms, "term": term, "dates": dates, "form": form}
    return render(request, "ensembles/staff/schedule.html", context)


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def event_add(request, slug):
    ensemble = selectors.get_schedule_ensemble_for(request.user, slug)
    form = EventForm(request.POST or None, initial={"venue": ensemble.venue})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.add_event(ensemble=ensemble, data=form.cleaned_data, by=request.user)
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{event.title} on {event.date:%d/%m/%Y} has been added.")
            return redirect(_schedule_url_on(ensemble, event.date))
    return render(request, "ensembles/staff/event_form.html", {"form": form, "ensemble": ensemble})


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def rehearsal_cancel(request, public_id):
    """GET asks to confirm; POST calls the date off, or (with `reinstate`) puts it back on."""
    rehearsal = selectors.get_rehearsal_for(request.user, public_id)
    if request.method == "POST":
        cancelled = "reinstate" not in request.POST
        services.set_cancelled(rehearsal=rehearsal, cancelled=cancelled, by=request.user)
        what = f"{rehearsal.name} on {rehearsal.date:%d/%m/%Y}"
        messages.success(request, f"{what} is {'called off' if cancelled else 'back on'}.")
        return redirect(_schedule_url_on(rehearsal.ensemble, rehearsal.date))
    return render(request, "ensembles/staff/rehearsal_cancel.html", {"rehearsal": rehearsal})


@require_GET
def ensemble_feed(request, public_id):
    ensemble = selectors.get_feed_ensemble(public_id)
    first, last = feed_span(timezone.localdate())
    body = to_ical(ensemble.name, ensemble_events(ensemble, first, last))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{ensemble.slug}.ics"'
    return response
