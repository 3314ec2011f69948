from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("results/", views.public_series, name="series"),
    path("results/<num:year>/", views.public_year, name="year"),
    path("results/<num:year>/companies/", views.public_companies, name="companies"),
    path("results/official/", views.official_series, name="official_series"),
    path("results/official/<num:year>/", views.official_year, name="official_year"),
    path("results/official/<num:year>/reports/<slug:figure>/", views.official_reports, name="official_reports"),
    path("company/results-consent/", views.company_consent, name="consent"),
    path("staff/case-studies/", views.staff_case_studies, name="staff_case_studies"),
    path("staff/case-studies/new/", views.staff_case_study, name="staff_case_study_new"),
    path("staff/case-studies/<num:pk>/", views.staff_case_study, name="staff_case_study"),
]
