from django.urls import path

from tuition.views import offers, requests

urlpatterns = [
    path("family/lessons/", requests.family_lessons, name="family-lessons"),
    path("family/lessons/children/<uuid:public_id>/", requests.request_lessons, name="lessons-request"),
    path(
        "family/lessons/requests/<uuid:public_id>/withdraw/",
        requests.withdraw_request,
        name="request-withdraw",
    ),
    path("family/lessons/offers/<uuid:public_id>/", offers.offer, name="offer"),
]
