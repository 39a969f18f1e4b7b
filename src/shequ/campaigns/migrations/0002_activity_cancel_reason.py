from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="cancel_reason",
            field=models.CharField(blank=True, max_length=200,
                                   verbose_name="reason for cancelling"),
        ),
    ]
