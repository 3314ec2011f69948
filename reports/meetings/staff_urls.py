"""The staff pages of the results meeting, under ``/staff/`` (namespace ``meetings_staff``)."""

from django.urls import path

from . import views

app_name = "meetings_staff"

urlpatterns = [
    path("meetings/", views.staff_list, name="list"),
    path("meetings/<num:year>/", views.staff_meeting, name="meeting"),
    path("meetings/<num:year>/registrations/", views.staff_registrations, name="registrations"),
    path("meetings/<num:year>/results/", views.staff_results, name="results"),
    path("meetings/<num:year>/results.<str:fmt>", views.staff_export, name="export"),
]
