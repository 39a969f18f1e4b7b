"""One head (户主) per household: the add-member form defaulted to head and imports added
more, so some households hold several. Before the constraint is created (next migration, its own transaction), each household
keeps its earliest registered active head and the others become 其他 (other), each change
written to the audit trail (actor: system) so staff can review and correct them."""

from django.db import migrations
from django.db.models import Count

REASON = ("One head per household (migration registry 0004): the earliest registered head "
          "stays head; review and set the right relation.")


def keep_one_head(apps, schema_editor):
    Resident = apps.get_model("registry", "Resident")
    # The audit trail is a hash chain (core 0003): rows are written through the one door
    # that signs them, not as historical-model rows.
    from shequ.core import audit

    heads = Resident.objects.filter(relation="head", is_active=True)
    crowded = (heads.order_by().values("household_id").annotate(n=Count("id"))
               .filter(n__gt=1).values_list("household_id", flat=True))
    for household_id in list(crowded):
        extra = list(heads.filter(household_id=household_id).order_by("created_at", "id")
                     .values_list("id", "name"))[1:]
        Resident.objects.filter(pk__in=[pk for pk, _name in extra]).update(relation="other")
        for pk, name in extra:
            audit.record(actor=None, action="update", entity="resident", entity_id=pk,
                         summary=name, before={"relation": "head"},
                         after={"relation": "other"}, reason=REASON)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_audit_chain_constraints'),
        ('registry', '0003_resident_path_active'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(keep_one_head, migrations.RunPython.noop),
    ]
