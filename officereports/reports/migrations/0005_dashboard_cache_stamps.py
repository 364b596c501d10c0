import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Catalogue rows get an update stamp: the dashboard's cache key reads it (with the
    figures' and reports' stamps, now indexed) so that an edited indicator, rate or check is
    never served from a stale chart."""

    dependencies = [("reports", "0004_units_and_offices")]

    operations = [
        migrations.AddField(
            model_name=name,
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="cập nhật lúc"
            ),
            preserve_default=False,
        )
        for name in ("indicator", "ratedefinition", "figurecheck")
    ] + [
        migrations.AlterField(
            model_name=name,
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True, verbose_name="cập nhật lúc"),
        )
        for name in ("figure", "report")
    ]
