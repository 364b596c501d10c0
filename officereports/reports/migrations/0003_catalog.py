from django.db import migrations

from officereports.reports import catalog


def load_catalog(apps, schema_editor):
    catalog.sync(
        apps.get_model("reports", "Indicator"),
        apps.get_model("reports", "RateDefinition"),
        apps.get_model("reports", "FigureCheck"),
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_vietnamese_collation")]
    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
