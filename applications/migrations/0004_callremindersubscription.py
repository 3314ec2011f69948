# The call reminder subscriptions move here from the notifications app (which keeps only the delivery machinery):
# the table is created here, the rows are copied, and notifications.0002 (run after this one) drops the old table.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_rows(source, target) -> None:
    """Copy every subscription with a fresh id (so that the new table's id sequence stays right on PostgreSQL),
    keeping when it was made (``created_at`` is set by the update: ``auto_now_add`` would overwrite it)."""
    for old in source.objects.order_by("pk"):
        new = target.objects.create(
            company_id=old.company_id, call_id=old.call_id, subscribed_by_id=old.subscribed_by_id
        )
        target.objects.filter(pk=new.pk).update(created_at=old.created_at)


def move_here(apps, schema_editor) -> None:
    copy_rows(
        apps.get_model("notifications", "CallReminderSubscription"),
        apps.get_model("applications", "CallReminderSubscription"),
    )


def move_back(apps, schema_editor) -> None:
    copy_rows(
        apps.get_model("applications", "CallReminderSubscription"),
        apps.get_model("notifications", "CallReminderSubscription"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_queue_indexes"),
        ("programs", "0004_call_agreement_due_on"),
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    # The old table must still exist while the rows are copied.
    run_before = [("notifications", "0002_delete_callremindersubscription")]

    operations = [
        migrations.CreateModel(
            name="CallReminderSubscription",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "call",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminder_subscriptions",
                        to="programs.call",
                        verbose_name="call",
                    ),
                ),
                (
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="call_reminder_subscriptions",
                        to="applications.company",
                        verbose_name="company",
                    ),
                ),
                (
                    "subscribed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="subscribed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "call reminder subscription",
                "verbose_name_plural": "call reminder subscriptions",
                "constraints": [
                    models.UniqueConstraint(fields=("company", "call"), name="applications_one_subscription_per_call")
                ],
            },
        ),
        migrations.RunPython(move_here, move_back),
    ]
