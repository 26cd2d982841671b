from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "hub.billing"
    label = "billing"
    verbose_name = "Billing"
