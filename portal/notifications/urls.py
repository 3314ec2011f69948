from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<num:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("staff/deliveries/", views.deliveries, name="deliveries"),
    path("staff/deliveries/application/<num:application_id>/", views.deliveries, name="application_deliveries"),
    path("staff/deliveries/<num:pk>/resend/", views.resend, name="resend"),
    path("staff/schedule/", views.schedule, name="schedule"),
]
