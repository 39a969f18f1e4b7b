"""The database refuses UPDATE and DELETE of ledgers_caseevent rows (it refused UPDATE only)."""

from django.db import migrations

from shequ.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0003_module_incident_unique")]
    operations = [AppendOnly("ledgers_caseevent")]
