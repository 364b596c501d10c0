from django.db import migrations, models

from officereports.reports import versions


def tracked_tables(apps):
    config = apps.get_app_config("reports")
    tables = {model._meta.db_table for model in config.get_models()}
    return sorted(tables - versions.UNTRACKED)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in versions.trigger_sql(vendor, tracked_tables(apps)):
        schema_editor.execute(statement)
    # The first version, so that caching starts at once.
    schema_editor.execute(
        "INSERT INTO reports_dataversion (id, number, stamp) VALUES (1, 1, 'initial')"
    )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in versions.drop_sql(vendor, tracked_tables(apps)):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    """The data version (versions.py): a row bumped by triggers on every write to the tables
    pages are made from; pages, charts and data sets are cached under it. It replaces the
    update stamps the dashboard's cache key read (migration 0005). The triggers come last:
    on SQLite, altering a table rebuilds it without them."""

    dependencies = [("reports", "0005_dashboard_cache_stamps")]

    operations = [
        *(
            migrations.RemoveField(model_name=name, name="updated_at")
            for name in ("indicator", "ratedefinition", "figurecheck")
        ),
        *(
            migrations.AlterField(
                model_name=name,
                name="updated_at",
                field=models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc"),
            )
            for name in ("figure", "report")
        ),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
                ("stamp", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "phiên bản dữ liệu",
                "verbose_name_plural": "phiên bản dữ liệu",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
