from django.db import migrations


def load(apps, schema_editor):
    from profcluster.finance.data import CATEGORIES

    category = apps.get_model("finance", "SpendingCategory")
    for position, (code, name) in enumerate(CATEGORIES, start=1):
        category.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
