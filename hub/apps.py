from django.apps import AppConfig

from hub import checks  # noqa: F401 - registers the hub's system checks (they import no models)


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"
