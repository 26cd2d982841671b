"""A value the database would refuse is explained in a sentence, never by the constraint's name."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from schools.forms.catalogue import ServiceForm
from schools.models import Service
from tests.sla_factories import CatalogueFactory

PROJECT_APPS = {"hub", "billing", "schools", "tuition", "instruments", "ensembles"}


def test_a_negative_service_price_is_refused_in_a_sentence(db):
    # The form's own field already refuses it (next to the price); the model's check, which a ModelForm
    # runs for whatever its fields let through, says it in a sentence too, never by the constraint's name.
    catalogue = CatalogueFactory()
    data = {"code": "KS2", "name": "Whole-class ukulele", "unit": "hour", "unit_price": "-1", "vat_rate": "0"}
    form = ServiceForm(data, instance=Service(catalogue=catalogue))
    assert not form.is_valid()
    assert form.errors["unit_price"] == ["The price cannot be negative."]
    service = Service(catalogue=catalogue, code="KS2", name="Ukulele", unit="hour", unit_price=-1, vat_rate=0)
    with pytest.raises(ValidationError) as refused:
        service.validate_constraints()
    assert refused.value.messages == ["A service's price cannot be negative."]
    assert not Service.objects.exists()


def test_every_constraint_in_the_project_has_its_own_message():
    default = models.CheckConstraint.default_violation_error_message
    missing = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for constraint in model._meta.constraints
        if constraint.violation_error_message in (None, default)
    ]
    assert missing == []
