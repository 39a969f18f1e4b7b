"""Masked ID numbers keep the first 3 and the last character (registry/pii.py says why).
The new mask is computed from the old one (first 6 + last 4 visible), so nothing is
decrypted; one UPDATE, repeatable."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Left, Right


def remask(apps, schema_editor):
    Resident = apps.get_model("registry", "Resident")
    Resident.objects.update(id_number_masked=Concat(
        Left("id_number_masked", 3), Value("*" * 14), Right("id_number_masked", 1)))


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0005_one_head_constraint'),
    ]

    operations = [
        migrations.RunPython(remask, migrations.RunPython.noop),
    ]
