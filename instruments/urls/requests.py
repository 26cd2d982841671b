from django.urls import path

from instruments.views import agreements, requests

urlpatterns = [
    path("family/instruments/", requests.family_instruments, name="family-instruments"),
    path("family/instruments/request/", requests.request_hire, name="hire-request"),
    path(
        "family/instruments/requests/<uuid:public_id>/withdraw/",
        requests.withdraw_request,
        name="hire-request-withdraw",
    ),
    path("family/instruments/hires/<uuid:public_id>/agreement/", agreements.agreement, name="hire-agreement"),
]
