"""Floor 3: the family's calendar link (a private iCalendar feed of all their children's rehearsals and
lessons), made on request, stopped with a confirmation; and the feed itself, read without signing in by
whoever holds the link (a phone's calendar). A stopped or unknown link answers 404."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub import calendar_links
from hub.access import guardian_required
from hub.calendar_links import guardian_for_token, live_link, make_link, stop_link


def feed_urls(request, link) -> dict[str, str]:
    """The link's https:// address (to copy) and its webcal:// one (that opens a calendar app)."""
    if link is None:
        return {}
    url = request.build_absolute_uri(reverse("hub:family-feed", kwargs={"token": link.token}))
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


@guardian_required
def family_calendar(request):
    link = live_link(request.user.guardian)
    return render(request, "hub/family_calendar.html", {"link": link, **feed_urls(request, link)})


@guardian_required
@require_POST
def family_calendar_new(request):
    make_link(guardian=request.user.guardian, by=request.user)
    messages.success(request, "Your calendar link is ready.")
    return redirect("hub:family-calendar")


@guardian_required
@require_http_methods(["GET", "POST"])
def family_calendar_stop(request):
    """GET asks to confirm; POST stops the link, so that calendars subscribed to it get nothing more."""
    guardian = request.user.guardian
    if request.method == "POST":
        if stop_link(guardian=guardian, by=request.user):
            messages.success(request, "Your calendar link has been stopped. Make a new one when you want it.")
        return redirect("hub:family-calendar")
    link = live_link(guardian)
    if link is None:
        return redirect("hub:family-calendar")
    return render(request, "hub/family_calendar_stop.html", {"link": link})


@require_GET
def family_feed(request, token):
    guardian = guardian_for_token(token)
    if guardian is None:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_links.family_feed(guardian), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="music-hub.ics"'
    # The family's own dates: no shared cache may keep them.
    response["Cache-Control"] = "private, max-age=0"
    return response
