from django.db import migrations

# Migration 0006 named every trigger after this, and the function they call.
TRIGGER_PREFIX = "reports_data_version"
FUNCTION = "reports_data_version_bump"


def drop_triggers(apps, schema_editor):
    """Drop the data version's triggers: on PostgreSQL the function and, with it, every
    trigger that calls it; on SQLite each trigger by name."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{TRIGGER_PREFIX}%"],
        )
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


class Migration(migrations.Migration):
    """Back to Django's own mechanisms: sessions in Django's table (everyone logs in once more)
    and no data version, so no triggers on any table and no row every writer waits on."""

    dependencies = [("reports", "0011_text_limits")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="DataVersion"),
        migrations.DeleteModel(name="Session"),
    ]
