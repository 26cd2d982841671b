"""Deleting an SLA catalogue started by mistake: a draft that no school has ordered from."""

from django.db import transaction

from hub.audit import record_change
from hub.models import AuditEvent, User
from schools.models import Catalogue
from schools.sla_selectors import can_delete
from schools.sla_services import SlaError


@transaction.atomic
def delete_draft_catalogue(*, catalogue: Catalogue, by: User) -> None:
    """Delete an unpublished catalogue with its services and packages; refused once schools can order."""
    catalogue = Catalogue.objects.select_for_update().select_related("financial_year").get(pk=catalogue.pk)
    if not can_delete(catalogue):
        raise SlaError(
            f"The {catalogue.financial_year} catalogue is published or has orders, so it is kept: schools' "
            "orders and invoices refer to it."
        )
    record_change(
        actor=by,
        instance=catalogue,
        action=AuditEvent.Action.DELETED,
        before={"financial_year": str(catalogue.financial_year), "services": catalogue.services.count()},
    )
    catalogue.delete()
