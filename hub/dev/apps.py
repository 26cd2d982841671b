from django.apps import AppConfig


class DevConfig(AppConfig):
    """Installed so that `manage.py` finds the demo commands; it has no models."""

    name = "hub.dev"
    label = "hub_dev"
    verbose_name = "Hub development tools"
