from django.urls import path

from .views import staff

app_name = "evaluation_staff"
urlpatterns = [
    path("", staff.overview, name="overview"),
    path("assignments/", staff.assignments, name="assignments"),
    path("conflicts/", staff.conflicts, name="conflicts"),
    path("bonus/", staff.bonus, name="bonus"),
    path("ranking/", staff.ranking_page, name="ranking"),
    path("export/<slug:kind>.<slug:fmt>", staff.export, name="export"),
]
