"""Audit entries of a figure's parts written by the Excel upload as "code.part" take the key
every other path writes, "code:part": the history of one figure then lists them, in words."""

from django.db import migrations

# The parts of a figure besides its value, as they were when this migration was written.
PARTS = ("qualifier", "stated_percent", "comment", "explanation", "round_in_text")


def colon_keys(apps, schema_editor):
    AuditEntry = apps.get_model("reports", "AuditEntry")
    codes = set(apps.get_model("reports", "Indicator").objects.values_list("code", flat=True))
    changed = []
    for part in PARTS:
        for entry in AuditEntry.objects.filter(field__endswith=f".{part}").only("id", "field"):
            code = entry.field[: -len(part) - 1]
            if code in codes:
                entry.field = f"{code}:{part}"
                changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["field"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_sessions")]
    # Backwards there is nothing to undo: "code:part" is what the other paths always wrote.
    operations = [migrations.RunPython(colon_keys, migrations.RunPython.noop)]
