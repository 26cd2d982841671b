"""The tuition app's pages, one module per topic, under one namespace."""

app_name = "tuition"

urlpatterns: list = []
