from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("calls/<slug:code>/", views.call_page, name="call"),
    path("eligibility/", views.eligibility_check, name="eligibility"),
]
