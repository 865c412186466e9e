from django.db import migrations


def load(apps, schema_editor):
    from profcluster.reference.services import reference_data_load

    reference_data_load(
        region_model=apps.get_model("reference", "Region"),
        industry_model=apps.get_model("reference", "Industry"),
    )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
