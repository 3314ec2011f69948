from django.db import migrations, models
from django.utils import timezone


def date_earlier_deletions(apps, schema_editor):
    """Accounts anonymised before the field existed: their retention period counts from this migration."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(email__endswith="@deleted.invalid", deleted_at__isnull=True).update(deleted_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_consent"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="deleted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="account deleted"),
        ),
        migrations.RunPython(date_earlier_deletions, migrations.RunPython.noop),
    ]
