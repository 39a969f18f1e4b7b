"""No plaintext ID number or phone anywhere in the database."""

import pytest
from django.db import connection

from shequ.registry import services
from shequ.testing import factories

ID = "51170319440904468X"
PHONE = "13868106871"


def _all_values():
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            quoted = connection.ops.quote_name(table)
            cur.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from introspection
            for row in cur.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes | bytearray):
                        yield bytes(value).decode("latin-1")
                    elif value is not None:
                        yield str(value)


@pytest.mark.django_db
def test_no_table_holds_the_id_number_or_phone_in_clear(tree, grid_worker):
    # given a resident registered, updated and revealed (every path that touches PII)
    r = factories.resident(tree.household1, id_number=ID, phone="+86 138 6810 6871")
    services.resident_update(actor=grid_worker, resident=r, phone="13868106872")
    services.resident_update(actor=grid_worker, resident=r, phone=PHONE)
    services.resident_reveal(actor=grid_worker, resident=r, field="id_number", reason="核对")
    # then no column of any table contains them
    values = list(_all_values())
    assert values, "the scan read nothing"
    assert not [v for v in values if ID in v or ID.lower() in v]
    assert not [v for v in values if PHONE in v or "13868106872" in v]
    # but the masked forms are there, so the scan did read the resident row
    assert any("511**************X" in v for v in values)
