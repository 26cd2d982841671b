from importlib import import_module

from django.apps import AppConfig

# Each registers a job kind with hub.jobs, so that workers can run it; models must be loaded first.
JOB_MODULES = ("tuition.services.reenrolment_runs",)


class TuitionConfig(AppConfig):
    name = "tuition"

    def ready(self):
        for module in JOB_MODULES:
            import_module(module)
        # Lessons are a charge source of the family billing run (hub.billing.sources).
        import_module("tuition.billing").register_source()
        # And lessons are in the family's calendar feed (hub.calendar_feeds).
        import_module("tuition.feeds").register_provider()
