from django.urls import path

from .views import expert

app_name = "evaluation_expert"
urlpatterns = [
    path("", expert.home, name="home"),
    path("assignments/<int:pk>/", expert.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/declare/", expert.declare, name="declare"),
    path("assignments/<int:pk>/results/", expert.results, name="results"),
]
