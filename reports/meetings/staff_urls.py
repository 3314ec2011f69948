"""The staff pages of the results meeting, under ``/staff/`` (namespace ``meetings_staff``)."""

from django.urls import path

from . import views

app_name = "meetings_staff"

urlpatterns = [
    path("meetings/", views.staff_list, name="list"),
    path("meetings/<int:year>/", views.staff_meeting, name="meeting"),
    path("meetings/<int:year>/registrations/", views.staff_registrations, name="registrations"),
    path("meetings/<int:year>/results/", views.staff_results, name="results"),
    path("meetings/<int:year>/results.<str:fmt>", views.staff_export, name="export"),
]
