"""Drop the review-change triggers and their table: the staff pages are rendered from the database every time."""

from django.db import migrations

# The tables that carried a ``review_change_<table>`` trigger (one per event on SQLite).
TABLES = (
    "applications_application",
    "applications_applicationitem",
    "review_queuefacts",
    "programs_supportitem",
    "evaluation_committee",
    "evaluation_criterion",
    "evaluation_bonusitem",
    "evaluation_bonusaward",
    "evaluation_assignment",
    "evaluation_conflictdeclaration",
    "evaluation_challenge",
    "evaluation_scoresheet",
    "evaluation_criterionscore",
    "evaluation_expertprofile",
    "programs_call",
    "programs_program",
    "accounts_user",
)


def drop_triggers(apps, schema_editor) -> None:
    connection = schema_editor.connection
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in TABLES:
            name = f"review_change_{table}"
            if connection.vendor == "postgresql":
                if table in existing:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            elif connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_review_change"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="ReviewChange"),
    ]
