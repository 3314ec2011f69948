from django.urls import path

from .agreements import views as agreements
from .progress import views as progress
from .views import apply, call_reminders, company, dashboard, documents, members, status

app_name = "applications"

urlpatterns = [
    path("", company.company_home, name="company"),
    path("new/", company.company_create_view, name="company_create"),
    path("profile/", company.company_profile, name="company_profile"),
    path("profile/edit/", company.company_edit, name="company_edit"),
    path("members/", members.members, name="members"),
    path("members/invite/", members.member_invite, name="member_invite"),
    path("members/<num:pk>/remove/", members.member_remove, name="member_remove"),
    path("members/<num:pk>/role/", members.member_role, name="member_role"),
    path("invitations/<num:pk>/cancel/", members.invitation_cancel, name="invitation_cancel"),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("documents/", documents.vault_list, name="vault"),
    path("documents/upload/", documents.vault_upload, name="vault_upload"),
    path("documents/<num:pk>/replace/", documents.vault_replace, name="vault_replace"),
    path("documents/<num:pk>/download/", documents.vault_download, name="vault_download"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("calls/<slug:code>/reminder/", call_reminders.call_reminder, name="call_reminder"),
    path("apply/<slug:call_code>/", apply.apply, name="apply"),
    path("applications/<num:pk>/", status.application_detail, name="application_detail"),
    path("applications/<num:pk>/edit/", apply.application_edit, name="application_edit"),
    path("applications/<num:pk>/autosave/", apply.application_autosave, name="application_autosave"),
    path("applications/<num:pk>/review/", apply.application_review, name="application_review"),
    path("applications/<num:pk>/submit/", apply.application_submit_view, name="application_submit"),
    path("applications/<num:pk>/receipt/", status.application_receipt, name="application_receipt"),
    path("applications/<num:pk>/receipt.pdf", status.application_receipt_pdf, name="application_receipt_pdf"),
    path("applications/<num:pk>/agreement/", agreements.company_agreement, name="agreement"),
    path(
        "applications/<num:pk>/agreement/<num:version_pk>/signed.pdf",
        agreements.company_signed_pdf,
        name="agreement_signed_pdf",
    ),
    path("applications/<num:pk>/progress/", progress.company_progress, name="progress"),
    path("applications/<num:pk>/progress/files/<num:file_pk>/", progress.company_report_file, name="progress_file"),
    path("applications/<num:pk>/progress/<slug:kind>/", progress.company_report, name="progress_report"),
    path("applications/<num:pk>/discard/", apply.application_discard, name="application_discard"),
    path("applications/<num:pk>/withdraw/", status.application_withdraw_view, name="application_withdraw"),
    path("applications/<num:pk>/files/", status.application_file_upload, name="application_file_upload"),
    path(
        "applications/<num:pk>/files/<num:file_pk>/", status.application_file_download, name="application_file_download"
    ),
    path(
        "applications/<num:pk>/files/<num:file_pk>/remove/",
        status.application_file_remove_view,
        name="application_file_remove",
    ),
]
