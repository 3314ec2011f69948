"""The public and company pages of the results meeting (namespace ``meetings``), included at the site's root."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_latest, name="latest"),
    path("meetings/<num:year>/", views.meeting_public, name="public"),
    path("company/meetings/<num:year>/", views.company_meeting, name="company"),
]
