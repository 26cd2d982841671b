from importlib import import_module

from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "instruments"

    def ready(self):
        # Registers the job kind of overdue reminders with hub.jobs, so that workers can run it.
        import_module("instruments.services.overdue")
        # And the job kind that draws sheets of asset labels.
        import_module("instruments.services.labels")
        # Hire is a charge source of the family billing run (hub.billing.sources).
        import_module("instruments.billing").register_source()
