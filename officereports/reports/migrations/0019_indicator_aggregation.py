from django.db import migrations, models

from officereports.reports.catalog import AGGREGATION


def fill(apps, schema_editor):
    """The built-in stocks (every other indicator is a flow, the field's default); an
    indicator an administrator added is set in the admin."""
    Indicator = apps.get_model("reports", "Indicator")
    for code, aggregation in AGGREGATION.items():
        Indicator.objects.filter(code=code).update(aggregation=aggregation)


class Migration(migrations.Migration):
    dependencies = [("reports", "0018_report_period")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="aggregation",
            field=models.CharField(
                choices=[("sum", "Cộng các kỳ"), ("last", "Lấy kỳ cuối"), ("first", "Lấy kỳ đầu")],
                default="sum",
                help_text=(
                    "Cách tính số cả năm từ các tháng, quý: cộng (số phát sinh trong kỳ), lấy "
                    "kỳ cuối (số tồn tại ngày chốt), lấy kỳ đầu (số kỳ trước chuyển sang)."
                ),
                max_length=5,
                verbose_name="cộng qua các kỳ",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
