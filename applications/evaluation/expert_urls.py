from django.urls import path

from .views import expert

app_name = "evaluation_expert"
urlpatterns = [
    path("", expert.home, name="home"),
    path("assignments/<int:pk>/", expert.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/declare/", expert.declare, name="declare"),
    path("assignments/<int:pk>/results/", expert.results, name="results"),
    path("assignments/<int:pk>/documents/<int:document_id>/", expert.document_open, name="document"),
    path("assignments/<int:pk>/files/<int:file_id>/", expert.file_open, name="file"),
]
