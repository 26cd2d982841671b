from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "hub.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self):
        # Registers the family billing run's job kind with hub.jobs, so that workers can run it.
        from hub.billing import family_run  # noqa: F401
