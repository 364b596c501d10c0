"""Vietnamese sort order for names on PostgreSQL (ICU "vi" collation: Đ after D, not after Z).

SQLite has no ICU collations; there names sort by code point.
"""

from django.db import migrations

COLUMNS = [
    ("reports_administrativeunit", "name", 100),
    ("reports_unitname", "name", 100),
    ("reports_attendee", "name", 100),
    ("reports_directive", "speaker", 100),
]


def use_vietnamese_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, length in COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "vi-x-icu"'
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(use_vietnamese_collation, migrations.RunPython.noop)]
