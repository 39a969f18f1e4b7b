"""The database refuses UPDATE and DELETE of ledgers_caseevent rows (it refused UPDATE only)."""

from django.db import migrations

from shequ.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0004_case_text_limits_public_description")]
    operations = [AppendOnly("ledgers_caseevent")]
