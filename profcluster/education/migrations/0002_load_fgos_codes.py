from django.db import migrations


def load(apps, schema_editor):
    from profcluster.education.data import fgos_codes_load

    fgos_codes_load(apps.get_model("education", "FgosCode"))


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
