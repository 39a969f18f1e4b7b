"""Make the audit table append-only in the database itself, not only in the model."""

from django.db import migrations

from shequ.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [AppendOnly("core_auditevent")]
