from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools and pupils"

    def ready(self):
        # Registers the SLA invoice run and the register import with hub.jobs, so workers can run them.
        from schools import register_jobs, sla_billing  # noqa: F401
