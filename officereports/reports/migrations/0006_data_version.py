from django.db import NotSupportedError, migrations, models

# The SQL of the data version's triggers, as this migration wrote them (migration 0008 drops
# them with the version).
# The application tables the version does not follow: the audit log (its rows come with a
# write to a report, which the version follows), the login sessions (no page shows them) and
# the version itself.
UNTRACKED = {"reports_auditentry", "reports_session", "reports_dataversion"}
# Users are followed where pages show them, their names (a login's `last_login` is not), and
# when they are deleted.
USER_TABLE = "auth_user"
USER_NAME_COLUMNS = ("username", "first_name", "last_name")

TRIGGER = "reports_data_version"
FUNCTION = "reports_data_version_bump"

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reports_dataversion (id, number, stamp)
    VALUES (1, 1, substr(md5(random()::text), 1, 16))
    ON CONFLICT (id) DO UPDATE
        SET number = reports_dataversion.number + 1, stamp = EXCLUDED.stamp;
    RETURN NULL;
END
$$
"""

SQLITE_BUMP = """
    INSERT INTO reports_dataversion (id, number, stamp)
    VALUES (1, 1, lower(hex(randomblob(8))))
    ON CONFLICT (id) DO UPDATE SET number = number + 1, stamp = excluded.stamp;
"""


def trigger_sql(vendor: str, tables) -> list[str]:
    """The statements that make every write to `tables` bump the version."""
    if vendor == "postgresql":
        statements = [POSTGRESQL_FUNCTION]
        events = {table: "INSERT OR UPDATE OR DELETE OR TRUNCATE" for table in tables}
        events[USER_TABLE] = f"UPDATE OF {', '.join(USER_NAME_COLUMNS)} OR DELETE"
        for table, event in events.items():
            statements.append(
                f'CREATE TRIGGER {TRIGGER} AFTER {event} ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        return statements
    if vendor == "sqlite":
        # SQLite has row triggers only; one per table and kind of write.
        events = [
            (table, kind, kind) for table in tables for kind in ("INSERT", "UPDATE", "DELETE")
        ]
        events += [
            (USER_TABLE, "UPDATE", f"UPDATE OF {', '.join(USER_NAME_COLUMNS)}"),
            (USER_TABLE, "DELETE", "DELETE"),
        ]
        return [
            f'CREATE TRIGGER {TRIGGER}_{table}_{kind.lower()} AFTER {event} ON "{table}" '
            f"BEGIN {SQLITE_BUMP} END"
            for table, kind, event in events
        ]
    raise NotSupportedError(f"no data version triggers for {vendor}")


def drop_sql(vendor: str, tables) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"' for table in [*tables, USER_TABLE]
        ] + [f"DROP FUNCTION IF EXISTS {FUNCTION}()"]
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER}_{table}_{kind}"
        for table in [*tables, USER_TABLE]
        for kind in ("insert", "update", "delete")
    ]





def tracked_tables(apps):
    config = apps.get_app_config("reports")
    tables = {model._meta.db_table for model in config.get_models()}
    return sorted(tables - UNTRACKED)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in trigger_sql(vendor, tracked_tables(apps)):
        schema_editor.execute(statement)
    # The first version, so that caching starts at once.
    schema_editor.execute(
        "INSERT INTO reports_dataversion (id, number, stamp) VALUES (1, 1, 'initial')"
    )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in drop_sql(vendor, tracked_tables(apps)):
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
