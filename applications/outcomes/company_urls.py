"""The company's outcome report pages, under ``/company/`` (namespace ``outcomes``)."""

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.company_list, name="list"),
    path("applications/<int:pk>/outcomes/<int:year>/", views.company_report, name="report"),
    path(
        "applications/<int:pk>/outcomes/<int:year>/evidence/<int:evidence_pk>/",
        views.company_evidence,
        name="evidence",
    ),
]
