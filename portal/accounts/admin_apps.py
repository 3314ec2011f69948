"""Django's admin app with the portal's site (``admin_site.PortalAdminSite``) as ``admin.site``.

``INSTALLED_APPS`` names ``PortalAdminConfig`` instead of ``django.contrib.admin`` (Django's documented way to
replace the default site). It lives in its own module: ``apps.py`` of an app may declare only its own config.
"""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "portal.accounts.admin_site.PortalAdminSite"
