"""SQLite's UPPER() now folds every alphabet (`core.sqlite`): a development database whose index of groups'
upper-cased names was built by SQLite's own UPPER(), ASCII only, is rebuilt, or a lookup through the index
would miss «км-22» for «КМ-22». PostgreSQL has nothing to do."""

from django.db import migrations


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("REINDEX group_upper_name")


class Migration(migrations.Migration):
    dependencies = [("education", "0006_list_order_indexes")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True)]
