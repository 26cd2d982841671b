from importlib import import_module

from django.apps import AppConfig


class EnsemblesConfig(AppConfig):
    name = "ensembles"

    def ready(self):
        # Ensemble fees are a charge source of the family billing run (hub.billing.sources).
        import_module("ensembles.billing").register_source()
        # Members' rehearsals are in their family's calendar feed (hub.calendar_feeds).
        import_module("ensembles.feeds").register_provider()
