from django.urls import path

from applications.agreements.views import staff_agreement, staff_signed_pdf
from applications.progress import views as progress

from .views import detail, otp, queue, screening

app_name = "review"

urlpatterns = [
    path("", queue.dashboard, name="dashboard"),
    path("two-factor/", otp.verify, name="otp_verify"),
    path("two-factor/setup/", otp.setup, name="otp_setup"),
    path("two-factor/setup/qr.svg", otp.setup_qr, name="otp_setup_qr"),
    path("two-factor/backup-codes/", otp.backup_codes, name="otp_backup_codes"),
    path("calls/<slug:call_code>/", queue.call_queue, name="queue"),
    path("calls/<slug:call_code>/export.xlsx", queue.call_queue_export, {"fmt": "xlsx"}, name="queue_xlsx"),
    path("calls/<slug:call_code>/export.csv", queue.call_queue_export, {"fmt": "csv"}, name="queue_csv"),
    path("applications/<num:pk>/", detail.application_detail, name="application"),
    path("applications/<num:pk>/documents/<num:document_id>/", detail.document_open, name="document"),
    path("applications/<num:pk>/files/<num:file_id>/", detail.file_open, name="file"),
    path("applications/<num:pk>/agreement/", staff_agreement, name="agreement"),
    path("applications/<num:pk>/agreement/<num:version_pk>/signed.pdf", staff_signed_pdf, name="agreement_signed_pdf"),
    path("applications/<num:pk>/progress/", progress.staff_progress, name="progress"),
    path("applications/<num:pk>/progress/files/<num:file_pk>/", progress.staff_report_file, name="progress_file"),
    path("calls/<slug:call_code>/progress/", progress.staff_queue, name="progress_queue"),
    path("applications/<num:pk>/comments/", detail.comment_add, name="comment_add"),
    path("applications/<num:pk>/messages/", detail.message_send, name="message_send"),
    path("applications/<num:pk>/screening/start/", screening.start, name="screening_start"),
    path("applications/<num:pk>/screening/checklist/", screening.checklist, name="checklist"),
    path("applications/<num:pk>/screening/revision/", screening.request_revision, name="request_revision"),
    path("applications/<num:pk>/screening/pass/", screening.pass_to_evaluation, name="pass"),
    path("applications/<num:pk>/screening/reject/", screening.reject, name="reject"),
]
