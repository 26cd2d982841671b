"""The tuition app's pages, one module per topic, under one namespace."""

from tuition.urls import enrolments

app_name = "tuition"

urlpatterns: list = [*enrolments.urlpatterns]
