from importlib import import_module

from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "instruments"

    def ready(self):
        # Hire is a charge source of the family billing run (hub.billing.sources).
        import_module("instruments.billing").register_source()
