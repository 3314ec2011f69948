from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.language_set, name="language_set"),
    path("profile/", views.profile, name="profile"),
    path("profile/consents/<str:kind>/", views.consent_change, name="consent_change"),
    path("profile/delete/", views.account_delete, name="delete"),
]
