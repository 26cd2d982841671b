from importlib import import_module

from django.apps import AppConfig

# Each registers a job kind with hub.jobs, so that workers can run it; models must be loaded first.
JOB_MODULES = ("schools.services.invoice_runs", "schools.services.register_import")


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools and pupils"

    def ready(self):
        for module in JOB_MODULES:
            import_module(module)
