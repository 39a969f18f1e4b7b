"""No two confirmed bookings of one resource overlap, enforced by PostgreSQL itself: an
exclusion constraint over ``tstzrange(starts_at, ends_at, '[)')`` per resource (btree_gist
lets the GiST index take the resource id's equality). On SQLite this migration does nothing:
every write transaction there begins IMMEDIATE, so the services' check-then-write is
serialised (settings.base, and services/bookings.py)."""

from django.db import migrations

NAME = "booking_no_overlap_confirmed"


def _constraint():
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
    from django.db.models import Func, Q

    class TsTzRange(Func):
        function = "TSTZRANGE"
        output_field = DateTimeRangeField()

    return ExclusionConstraint(
        name=NAME,
        expressions=[(TsTzRange("starts_at", "ends_at", RangeBoundary()),
                      RangeOperators.OVERLAPS),
                     ("resource", RangeOperators.EQUAL)],
        condition=Q(status="confirmed"),
    )


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.add_constraint(apps.get_model("resources", "Booking"), _constraint())


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_constraint(apps.get_model("resources", "Booking"), _constraint())


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(add, remove, elidable=False)]
