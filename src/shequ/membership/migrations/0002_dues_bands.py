"""The 2008 rate table (中组部《关于中国共产党党费收缴、使用和管理的规定》) as the
band rows' defaults: in work by monthly income after tax ≤3000 0.5%, ≤5000 1%, ≤10000 1.5%,
above 2%; retirees ≤5000 0.5%, above 1%; students, the unemployed and those on subsistence
allowance 0.20 yuan a month. Editable afterwards (admin, or a later migration)."""

from decimal import Decimal

from django.db import migrations

BANDS = [
    ("employed", "3000", "0.005", None), ("employed", "5000", "0.01", None),
    ("employed", "10000", "0.015", None), ("employed", None, "0.02", None),
    ("retired", "5000", "0.005", None), ("retired", None, "0.01", None),
    ("student", None, None, "0.20"), ("unemployed", None, None, "0.20"),
    ("subsistence", None, None, "0.20"),
]


def seed(apps, schema_editor):
    band = apps.get_model("membership", "DuesBand")
    band.objects.bulk_create([
        band(category=c, up_to=Decimal(u) if u else None, rate=Decimal(r) if r else None,
             fixed_amount=Decimal(f) if f else None) for c, u, r, f in BANDS])


def unseed(apps, schema_editor):
    apps.get_model("membership", "DuesBand").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("membership", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
