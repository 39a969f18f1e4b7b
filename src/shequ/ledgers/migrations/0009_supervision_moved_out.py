# The supervision comments and monthly evaluations moved to the supervision app.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ledgers', '0008_case_indexes_served_by_composites'),
        # The rows are copied into the supervision app first.
        ('supervision', '0002_from_ledgers'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='supervisioncomment',
            name='author',
        ),
        migrations.RemoveField(
            model_name='supervisioncomment',
            name='case',
        ),
        migrations.RemoveField(
            model_name='supervisioncomment',
            name='community',
        ),
        migrations.RemoveField(
            model_name='supervisioncomment',
            name='worker',
        ),
        migrations.DeleteModel(
            name='Evaluation',
        ),
        migrations.DeleteModel(
            name='SupervisionComment',
        ),
    ]
