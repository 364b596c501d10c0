from django.db import migrations, models

from officereports.reports.catalog import BASES_EN


def fill(apps, schema_editor):
    """The English "divides by" of the built-in rates (a rate an administrator added gets
    one in the admin)."""
    RateDefinition = apps.get_model("reports", "RateDefinition")
    for code, basis_en in BASES_EN.items():
        RateDefinition.objects.filter(code=code, basis_en="").update(basis_en=basis_en)


class Migration(migrations.Migration):
    dependencies = [("reports", "0015_report_is_demo")]

    operations = [
        migrations.AddField(
            model_name="ratedefinition",
            name="basis_en",
            field=models.CharField(
                blank=True,
                help_text="Cho trang tiếng Anh, ví dụ: dossiers resolved.",
                max_length=200,
                verbose_name="chia cho (tiếng Anh)",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
