"""The accounts in the admin, and the two-factor devices without their secrets.

django-otp's own admin classes show a TOTP key (on the add page, and as a QR code) and the static backup codes. They
are imported first (which registers them), unregistered, and replaced by classes that show who has which device and
let an administrator remove a lost one, never its key or codes. A device is only ever made by its owner, on the
two-factor setup page.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import admin as otp_static_admin  # noqa: F401 (registers, unregistered below)
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as otp_totp_admin  # noqa: F401 (registers, unregistered below)
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Consent, User


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    fields = ["kind", "version", "given_at", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [ConsentInline]
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class TwoFactorDeviceAdmin(admin.ModelAdmin):
    """Who has a device, when it was last used; delete a lost one. No key, no codes, no adding."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


for device_model in (TOTPDevice, StaticDevice):
    admin.site.unregister(device_model)
    admin.site.register(device_model, TwoFactorDeviceAdmin)
