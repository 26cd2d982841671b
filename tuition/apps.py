from django.apps import AppConfig


class TuitionConfig(AppConfig):
    name = "tuition"

    def ready(self):
        # Lessons are a charge source of the family billing run (hub.billing.sources).
        from tuition import billing

        billing.register_source()
