from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_one_head_per_household'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='resident',
            constraint=models.UniqueConstraint(condition=Q(('is_active', True), ('relation', 'head')), fields=('household',), name='resident_one_head_per_household'),
        ),
    ]
