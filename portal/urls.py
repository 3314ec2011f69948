from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("programs/", include("programs.urls")),
    path("company/", include("applications.urls")),
    path("company/", include("applications.outcomes.company_urls")),
    path("", include("applications.funding.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("staff/audit/", include("portal.audit.urls")),
    path("staff/reports/", include("reports.yearend.urls")),
    path("staff/", include("applications.review.urls")),
    path("staff/", include("applications.outcomes.staff_urls")),
    path("staff/", include("reports.meetings.staff_urls")),
    path("", include("reports.meetings.urls")),
    path("staff/calls/<slug:call_code>/evaluation/", include("applications.evaluation.staff_urls")),
    path("expert/", include("applications.evaluation.expert_urls")),
    path("api/v1/", include("programs.api.urls")),
    path("api/v1/", include("reports.api_urls")),
    path("results/", include("reports.opendata_urls")),
    path("", include("reports.urls")),
    path("", include("portal.health.urls")),
]

handler400 = "portal.http.errors.bad_request"
if settings.BENCH_CONTROLS:
    urlpatterns += [path("bench/", include("portal.health.bench_urls"))]

# 503 with Retry-After when the database or the upload disk is unavailable for a while; the 500 page (with the
# request's id) otherwise.
handler500 = "portal.health.errors.server_error"
