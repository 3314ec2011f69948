"""The company's outcome report pages, under ``/company/`` (namespace ``outcomes``)."""

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.company_list, name="list"),
    path("applications/<num:pk>/outcomes/<num:year>/", views.company_report, name="report"),
    path(
        "applications/<num:pk>/outcomes/<num:year>/evidence/<num:evidence_pk>/",
        views.company_evidence,
        name="evidence",
    ),
]
