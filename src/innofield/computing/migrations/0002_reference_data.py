"""Load the 8 hubs and 10 clusters (see computing/data/README.md for the sources)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from innofield.computing import reference

    reference.write(apps.get_model("computing", "Hub"), apps.get_model("computing", "Cluster"))


class Migration(migrations.Migration):
    dependencies = [("computing", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
