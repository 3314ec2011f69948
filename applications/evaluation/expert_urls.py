from django.urls import path

from .views import expert

app_name = "evaluation_expert"
urlpatterns = [
    path("", expert.home, name="home"),
    path("assignments/<num:pk>/", expert.assignment_detail, name="assignment"),
    path("assignments/<num:pk>/declare/", expert.declare, name="declare"),
    path("assignments/<num:pk>/results/", expert.results, name="results"),
    path("assignments/<num:pk>/documents/<num:document_id>/", expert.document_open, name="document"),
    path("assignments/<num:pk>/files/<num:file_id>/", expert.file_open, name="file"),
]
