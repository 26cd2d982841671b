"""The schools app's e-mails: orders to a school's ordering contacts, invoices to its finance contacts,
remission decisions and reminders to a child's parents and carers."""

from django.conf import settings
from django.urls import reverse

from hub.billing.models import Invoice
from hub.mail import salutation, send_templated, site_url
from hub.models import Job, User
from schools.models import (
    Pupil,
    RemissionAward,
    School,
    SchoolContact,
    Subscription,
)
from schools.pricing import agreed_instalments, subscription_totals


def ordering_contacts(school: School) -> list[User]:
    """The school's active contacts who may order, who are told about its orders."""
    return [
        contact.user
        for contact in school.contacts.filter(can_order=True, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    ]


def order_email_context(subscription: Subscription) -> dict:
    path = reverse(
        "schools:order-view", kwargs={"urn": subscription.school.urn, "public_id": subscription.public_id}
    )
    staff_path = reverse("schools:order-detail", kwargs={"public_id": subscription.public_id})
    lines = list(subscription.lines.select_related("service"))
    totals = subscription_totals(subscription, lines=lines)
    return {
        "subscription": subscription,
        "school": subscription.school,
        "year": subscription.catalogue.financial_year,
        "totals": totals,
        "items": list(subscription.package.items.select_related("service"))
        if subscription.package_id
        else [],
        "instalments": agreed_instalments(subscription, lines=lines),
        "link": site_url(path),
        "staff_link": site_url(staff_path),
    }


def tell_ordering_contacts(subscription: Subscription, template: str, context: dict) -> None:
    """One e-mail to the school's ordering contacts, greeting each by name."""
    contacts = ordering_contacts(subscription.school)
    send_templated(
        f"schools/email/{template}",
        {**context, "greeting": salutation(contacts)},
        to=[user.email for user in contacts],
    )


def finance_contacts(school: School) -> list[SchoolContact]:
    """Who gets the school's invoices: contacts who may see money, business managers first."""
    contacts = school.contacts.filter(can_order=True).select_related("user")
    return sorted(contacts, key=lambda c: (c.role != SchoolContact.Role.BUSINESS_MANAGER, c.pk))


def email_invoice(*, invoice: Invoice, school: School, job: Job | None = None) -> bool:
    """Queue the invoice, PDF attached, to the school's finance contacts; False when there is nobody."""
    contacts = finance_contacts(school)
    path = reverse(
        "schools:school-invoice-detail", kwargs={"urn": school.urn, "public_id": invoice.public_id}
    )
    context = {
        "invoice": invoice,
        "school": school,
        "greeting": salutation(c.user for c in contacts),
        "link": site_url(path),
    }
    email = send_templated(
        "schools/email/invoice",
        context,
        to=[c.user.email for c in contacts],
        attachments=[{"kind": "invoice", "id": invoice.pk}],
        job=job,
    )
    return email is not None


def tell_of_submission(subscription: Subscription) -> None:
    """A submitted order: the school's ordering contacts get a copy, the hub office a note to approve it."""
    context = order_email_context(subscription)
    tell_ordering_contacts(subscription, "order_submitted", context)
    send_templated("schools/email/order_submitted_hub", context, to=[settings.HUB_EMAIL])


def family_of(pupil: Pupil) -> list[User]:
    """A child's parents and carers who can be e-mailed."""
    return [
        guardian.user
        for guardian in pupil.guardians.select_related("user").order_by("user__last_name", "user__first_name")
        if guardian.user.is_active and guardian.user.email
    ]


def _child_link(pupil: Pupil) -> str:
    return site_url(reverse("schools:child-detail", kwargs={"public_id": pupil.public_id}))


def tell_of_remission_decision(award: RemissionAward) -> None:
    """The family hears whether their application for help with fees was approved, and why not if not."""
    family = family_of(award.pupil)
    context = {
        "award": award,
        "pupil": award.pupil,
        "approved": award.status == RemissionAward.Status.APPROVED,
        "greeting": salutation(family),
        "link": _child_link(award.pupil),
        "apply_link": site_url(
            reverse("schools:remission-apply", kwargs={"public_id": award.pupil.public_id})
        ),
    }
    send_templated("schools/email/remission_decided", context, to=[user.email for user in family])


def remind_to_reapply(*, user: User, awards: list[RemissionAward], ending, following) -> None:
    """One e-mail to a parent or carer: their children's remissions end with `ending`; apply for the next."""
    rows = [
        {
            "pupil": award.pupil,
            "category": award.category,
            "apply_link": site_url(
                reverse("schools:remission-apply", kwargs={"public_id": award.pupil.public_id})
            ),
        }
        for award in awards
    ]
    context = {
        "greeting": salutation([user]),
        "rows": rows,
        "ending": ending,
        "following": following,
        "ends_on": ending.ends_on,
    }
    send_templated("schools/email/remission_reminder", context, to=[user.email])
