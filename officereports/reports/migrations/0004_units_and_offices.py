from django.db import migrations

from officereports.reports import units


def load_units(apps, schema_editor):
    units.sync(
        apps.get_model("reports", "AdministrativeUnit"),
        apps.get_model("reports", "UnitName"),
        apps.get_model("reports", "Office"),
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_catalog")]
    operations = [migrations.RunPython(load_units, migrations.RunPython.noop)]
