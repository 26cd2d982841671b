"""The tuition app's pages, one module per topic, under one namespace."""

from tuition.urls import registers, setup

app_name = "tuition"

urlpatterns: list = [*setup.urlpatterns, *registers.urlpatterns]
