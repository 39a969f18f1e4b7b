"""The database refuses UPDATE and DELETE of volunteers_pointsentry rows (it refused UPDATE only)."""

from django.db import migrations

from shequ.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0004_text_limits")]
    operations = [AppendOnly("volunteers_pointsentry")]
