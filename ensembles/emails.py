"""The ensembles' e-mails to families (through hub/mail.py's outbox): the outcome of an application."""

from django.urls import reverse

from ensembles.models import Application
from ensembles.pricing import termly_ensemble_fee_for
from hub.mail import salutation, send_templated, site_url

TEMPLATES = {
    Application.Status.ACCEPTED: "ensembles/email/accepted",
    Application.Status.WAITING_LIST: "ensembles/email/waiting_list",
    Application.Status.DECLINED: "ensembles/email/declined",
}


def tell_of_outcome(application: Application) -> None:
    """Staff decided: the guardian who applied is told what, with staff's note and what to do next."""
    application = Application.objects.select_related(
        "pupil", "ensemble", "academic_year", "instrument", "section", "applied_by__user"
    ).get(pk=application.pk)
    ensemble = application.ensemble
    context = {
        "greeting": salutation([application.applied_by.user]),
        "application": application,
        "child": application.pupil,
        "ensemble": ensemble,
        "year": application.academic_year,
        "section": application.section,
        "note": application.outcome_note,
        "link": site_url(
            reverse("ensembles:family-application", kwargs={"public_id": application.public_id})
        ),
        "ensembles_link": site_url(reverse("ensembles:family-ensembles")),
        "listing_link": site_url(reverse("ensembles:public-list")),
        "bills_link": site_url(reverse("bills:bill-list")),
        # What a term costs the family, priced as the family billing run charges it (ensembles/pricing.py).
        "fee": termly_ensemble_fee_for(application.pupil, ensemble, application.academic_year)
        if application.status == Application.Status.ACCEPTED
        else None,
    }
    send_templated(TEMPLATES[application.status], context, to=[application.applied_by.user.email])
