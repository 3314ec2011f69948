from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

# Global names (no namespace): the schema view is the API's, not only this app's.
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", views.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("programs/", views.ProgramListView.as_view(), name="api-programs"),
    path("calls/", views.CallListView.as_view(), name="api-calls"),
    path("eligibility/check", views.EligibilityCheckView.as_view(), name="api-eligibility-check"),
]
