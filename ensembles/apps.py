from django.apps import AppConfig


class EnsemblesConfig(AppConfig):
    name = "ensembles"
