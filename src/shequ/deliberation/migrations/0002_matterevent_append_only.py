"""The database refuses UPDATE and DELETE of a matter's history rows."""

from django.db import migrations

from shequ.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("deliberation", "0001_initial")]
    operations = [AppendOnly("deliberation_matterevent")]
