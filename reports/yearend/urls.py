from django.urls import path

from . import views

app_name = "yearend"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("<int:pk>/", views.progress_page, name="progress_page"),
    path("<int:pk>/progress/", views.progress_json, name="progress"),
    path("<int:pk>/<str:kind>/", views.download, name="download"),
]
