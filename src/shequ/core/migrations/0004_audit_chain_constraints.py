"""Every audit row now has its place in the chain: ``seq`` becomes required and unique,
and the table is append-only again (after the rebuild SQLite does for this change)."""

from django.db import migrations, models

from shequ.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_chain")]
    operations = [
        migrations.AlterField(model_name="auditevent", name="seq",
                              field=models.BigIntegerField(unique=True)),
        AppendOnly("core_auditevent"),
    ]
