from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import (
    CallReminderSubscription,
    Company,
    CompanyInvitation,
    CompanyMember,
    CompanyProfileChange,
    CompanyRevenue,
    VaultDocument,
)


class MemberInline(admin.TabularInline):
    model = CompanyMember
    extra = 0
    raw_id_fields = ["user"]


class RevenueInline(admin.TabularInline):
    model = CompanyRevenue
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "business_number", "representative", "ksic_code", "updated_at"]
    search_fields = ["name", "business_number", "representative"]
    inlines = [MemberInline, RevenueInline]


@admin.register(CompanyProfileChange)
class CompanyProfileChangeAdmin(admin.ModelAdmin):
    """History is written by the services only; the admin reads it."""

    list_display = ["company", "changed_by", "changed_at"]
    list_select_related = ["company", "changed_by"]
    readonly_fields = ["company", "changed_by", "changed_at", "changes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["company"]
    exclude = ["token"]  # the invitation link's secret: never shown, not even to administrators
    raw_id_fields = ["company", "invited_by", "accepted_by"]


@admin.register(VaultDocument)
class VaultDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "doc_type", "file_kind", "issued_on", "expires_on", "is_current"]
    list_filter = ["doc_type", "is_current"]
    list_select_related = ["company"]
    # The file is shown by its stored name and size, never as a link: vault files have no URL (they are served by
    # the permission-checked download views), so Django's file widget and link would fail.
    exclude = ["file"]
    readonly_fields = [
        "stored_file",
        "original_filename",
        "size",
        "file_kind",
        "content_type",
        "sha256",
        "uploaded_at",
    ]
    raw_id_fields = ["company", "uploaded_by", "replaced_by"]

    @admin.display(description=_("file"))
    def stored_file(self, document: VaultDocument) -> str:
        return f"{document.file.name} ({filesizeformat(document.size)})" if document.file else "-"


@admin.register(CallReminderSubscription)
class CallReminderSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["company", "call", "created_at"]
    raw_id_fields = ["company", "call", "subscribed_by"]
