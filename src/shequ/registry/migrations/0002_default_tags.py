from django.db import migrations

TAGS = [
    ("elderly_alone", "独居老人", False),
    ("disabled", "残疾人", False),
    ("subsistence", "低保", False),
    ("veteran", "退役军人", False),
    ("left_behind_child", "留守儿童", False),
    ("key_person", "重点人员", True),
]


def forwards(apps, schema_editor):
    Tag = apps.get_model("registry", "Tag")
    for code, name, sensitive in TAGS:
        Tag.objects.get_or_create(code=code, defaults={"name": name, "sensitive": sensitive})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
