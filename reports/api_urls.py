from django.urls import path

from . import api

# Global names, as the other API routes (programs/api/urls.py).
urlpatterns = [
    path("results/", api.ResultsSeriesView.as_view(), name="api-results"),
    path("results/<num:year>/", api.ResultsYearView.as_view(), name="api-results-year"),
]
