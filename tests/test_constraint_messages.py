"""A value the database would refuse is explained in a sentence, never by the constraint's name."""

from django.apps import apps
from django.db import models

from schools.models import Service
from schools.sla_forms import ServiceForm
from tests.sla_factories import CatalogueFactory

PROJECT_APPS = {"hub", "billing", "schools", "tuition", "instruments", "ensembles"}


def test_a_negative_service_price_is_refused_in_a_sentence(db):
    catalogue = CatalogueFactory()
    data = {"code": "KS2", "name": "Whole-class ukulele", "unit": "hour", "unit_price": "-1", "vat_rate": "0"}
    form = ServiceForm(data, instance=Service(catalogue=catalogue))
    assert not form.is_valid()
    errors = [str(e) for e in form.non_field_errors()]
    assert errors == ["A service's price cannot be negative."]
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
