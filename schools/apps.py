from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools and pupils"

    def ready(self):
        # Registers the SLA invoice run with hub.jobs, so that a worker knows how to carry one out.
        from schools import sla_billing  # noqa: F401
