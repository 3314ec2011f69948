"""The staff outcome pages, under ``/staff/`` (namespace ``outcomes_staff``)."""

from django.urls import path

from . import views

app_name = "outcomes_staff"

urlpatterns = [
    path("outcomes/", views.staff_summary, name="summary"),
    path("calls/<slug:call_code>/outcomes/", views.staff_queue, name="queue"),
    path("outcomes/reports/<num:pk>/", views.staff_report, name="report"),
    path("outcomes/reports/<num:pk>/evidence/<num:evidence_pk>/", views.staff_evidence, name="evidence"),
]
