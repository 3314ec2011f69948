"""The Django admin behind the portal's own sign-in and second factor.

The admin has no login form of its own: ``/admin/login/`` sends a visitor to the portal's sign-in (allauth, with its
throttling by account and address), then to the two-factor page, then back. The admin opens only for an
administrator (the role or a superuser, with ``is_staff``) whose session was verified with a second factor.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .permissions import is_administrator, is_otp_verified, otp_redirect


class PortalAdminSite(admin.AdminSite):
    site_header = _("Portal administration")
    site_title = _("Portal administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and is_administrator(user) and is_otp_verified(user))

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        target = target or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target)
        if self.has_permission(request):
            return HttpResponseRedirect(target)
        if user.is_active and user.is_staff and is_administrator(user):
            return otp_redirect(request, target)
        raise Http404
