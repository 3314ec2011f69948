from django.urls import path

from . import views

app_name = "yearend"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("<num:pk>/", views.progress_page, name="progress_page"),
    path("<num:pk>/progress/", views.progress_json, name="progress"),
    path("<num:pk>/<str:kind>/", views.download, name="download"),
]
