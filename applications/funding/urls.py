"""The funding pages, included at the root by ``portal/urls.py``: staff pages under ``/staff/funding/``, the
company's page beside its application under ``/company/applications/<id>/funding/``."""

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("staff/funding/", views.summary, name="summary"),
    path("staff/funding/applications/<num:pk>/", views.staff_application, name="staff_application"),
    path(
        "staff/funding/applications/<num:pk>/files/<slug:kind>/<num:file_pk>/",
        views.staff_file,
        name="staff_file",
    ),
    path("company/applications/<num:pk>/funding/", views.company_funding, name="company"),
    path(
        "company/applications/<num:pk>/funding/receipts/<num:receipt_pk>/",
        views.company_receipt,
        name="company_receipt",
    ),
]
