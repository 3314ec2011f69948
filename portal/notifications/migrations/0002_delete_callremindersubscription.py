# The call reminder subscriptions moved to the app that owns companies and calls: its migration copies the rows
# into its own table and declares that it runs before this one (run_before).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="callremindersubscription",
            name="notifications_one_subscription_per_call",
        ),
        migrations.DeleteModel(
            name="CallReminderSubscription",
        ),
    ]
