"""Messages to an ensemble's families (Section.ENSEMBLES): its leaders and the hub admin write one to the
parents and carers of its current members, or of one section's, confirm who it goes to, and send it; a message
to another leader's ensemble answers 404."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.forms.messages import EVERYONE, MessageForm
from ensembles.selectors import ensembles as ensemble_selectors
from ensembles.selectors import messages as selectors
from ensembles.services import messages as services
from ensembles.views.ensembles import show_error
from hub.access import Section, role_required


def parents_and_carers(count: int) -> str:
    return "1 parent or carer" if count == 1 else f"{count} parents and carers"


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def message_new(request, slug):
    ensemble = ensemble_selectors.get_ensemble_for(request.user, slug)
    initial = {"to": request.GET.get("section") or EVERYONE}
    form = MessageForm(request.POST or None, ensemble=ensemble, initial=initial)
    context = {"form": form, "ensemble": ensemble}
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        try:
            if "send" in request.POST and form.cleaned_data["request_id"]:
                return _send(request, form, ensemble)
            members, families = services.check_audience(ensemble, form.section())
        except EnsemblesError as error:
            show_error(form, error)
        else:
            context.update(members=members, families=parents_and_carers(families), request_id=uuid.uuid4())
            return render(request, "ensembles/staff/message_confirm.html", context)
    return render(request, "ensembles/staff/message_form.html", context)


def _send(request, form, ensemble):
    message, new = services.send_message(
        ensemble=ensemble,
        section=form.section(),
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        by=request.user,
        request_id=form.cleaned_data["request_id"],
    )
    if new:
        who = parents_and_carers(message.recipient_count)
        messages.success(request, f"Your message “{message.subject}” is on its way to {who}.")
    return redirect("ensembles:ensemble-detail", slug=ensemble.slug)


@role_required(Section.ENSEMBLES)
def message_detail(request, public_id):
    message = selectors.get_message_for(request.user, public_id)
    return render(request, "ensembles/staff/message_detail.html", {"message": message})
