"""The schools app's pages, one module per area of work, under one namespace."""

from schools.urls import money, people, register, runs, sla

app_name = "schools"

urlpatterns = (
    people.urlpatterns + register.urlpatterns + sla.urlpatterns + money.urlpatterns + runs.urlpatterns
)
