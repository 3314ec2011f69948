from django.urls import path

from . import opendata_views as views

app_name = "opendata"
urlpatterns = [
    path("open-data/", views.page, name="page"),
    path("data.csv", views.series_csv, name="series-csv"),
    path("data.json", views.series_json, name="series-json"),
    path("360giving.json", views.series_360giving, name="series-360giving"),
    path("<num:year>/data.csv", views.year_csv, name="year-csv"),
    path("<num:year>/data.json", views.year_json, name="year-json"),
    path("<num:year>/360giving.json", views.year_360giving, name="year-360giving"),
]
