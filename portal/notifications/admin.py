from django.contrib import admin

from .models import Notification, NotificationPreference, ScheduledJobRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["pk", "event", "recipient", "channel", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "event"]
    search_fields = ["recipient__email", "subject"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["claimed_at", "sent_at", "queued_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "email", "in_app"]
    raw_id_fields = ["user"]


@admin.register(ScheduledJobRun)
class ScheduledJobRunAdmin(admin.ModelAdmin):
    list_display = ["task", "last_started_at", "last_finished_at", "last_outcome", "runs"]
