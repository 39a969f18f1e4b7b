"""Chain the audit trail: every row gets its place (``seq``) and an HMAC over the previous
row's mac and its own content; one locked head row serialises writers. Rows written before
this migration are chained in id order."""

import django.utils.timezone
from django.db import migrations, models

from shequ.core.appendonly import remove_sql

FIELDS = ("seq", "at", "actor_id", "actor_name", "action", "entity", "entity_id", "summary",
          "before", "after", "reason", "ip")


def chain_existing(apps, schema_editor):
    from shequ.core.auditchain import sign

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    for sql in remove_sql("core_auditevent", schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)  # reinstalled by 0004
    seq, mac = 0, ""
    for row in AuditEvent.objects.order_by("id").values("id", *FIELDS[1:]).iterator(2000):
        seq += 1
        mac = sign(mac, {**row, "seq": seq})
        AuditEvent.objects.filter(pk=row["id"]).update(seq=seq, mac=mac)
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": seq, "mac": mac})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("seq", models.BigIntegerField(default=0)),
                ("mac", models.CharField(blank=True, max_length=64)),
                ("anchor_seq", models.BigIntegerField(default=0)),
                ("anchor_mac", models.CharField(blank=True, max_length=64)),
            ],
            options={"verbose_name": "audit chain head"},
        ),
        migrations.AddField(model_name="auditevent", name="seq",
                            field=models.BigIntegerField(null=True)),
        migrations.AddField(model_name="auditevent", name="mac",
                            field=models.CharField(default="", max_length=64),
                            preserve_default=False),
        migrations.AlterField(
            model_name="auditevent", name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                       verbose_name="time"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
