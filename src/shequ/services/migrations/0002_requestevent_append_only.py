"""A request's trail is never edited: the database refuses UPDATE and DELETE of its rows."""

from django.db import migrations

from shequ.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [AppendOnly("services_requestevent")]
