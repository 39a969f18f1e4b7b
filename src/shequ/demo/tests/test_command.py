"""`shequ demo`: logins per role, --if-empty, the passwords file, and no plaintext ID
number anywhere in the database."""

import io
import os
import stat
from types import SimpleNamespace

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import RequestFactory

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.core import crypto
from shequ.demo.scales import DEMO_PASSWORD
from shequ.registry.models import PartyMember, Resident
from shequ.territory.models import Area

pytestmark = pytest.mark.django_db

AREA_KIND = {
    Role.DISTRICT_ADMIN: "district", Role.STREET_ADMIN: "street",
    Role.COMMUNITY_STAFF: "community", Role.SUPERVISOR: "community", Role.GRID_WORKER: "grid",
    Role.SYSADMIN: "district", Role.SECADMIN: "district", Role.AUDITOR: "district",
}


def _demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", "--scale", "tiny", "--seed", "5", *args, stdout=out)
    return out.getvalue()


def test_if_empty_does_nothing_the_second_time_but_still_prints_logins():
    # given a loaded demo
    _demo("--if-empty")
    before = (Resident.objects.count(), Area.objects.count(), User.objects.count())
    # when it is run again with --if-empty
    output = _demo("--if-empty")
    # then nothing changed and the logins are printed again
    assert (Resident.objects.count(), Area.objects.count(), User.objects.count()) == before
    assert "grid_worker" in output and DEMO_PASSWORD in output


BYTEA_OID = 17


def _text_columns():
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            for col in connection.introspection.get_table_description(cur, table):
                yield table, col.name, col.type_code


def _occurrences(value: str) -> list[str]:
    qn = connection.ops.quote_name
    found = []
    with connection.cursor() as cur:
        for table, column, type_code in _text_columns():
            if connection.vendor == "postgresql" and type_code == BYTEA_OID:
                expr = f"position(convert_to(%s, 'UTF8') in {qn(column)}) > 0"
            elif connection.vendor == "postgresql":
                expr = f"strpos({qn(column)}::text, %s) > 0"
            else:
                expr = f"instr(CAST({qn(column)} AS BLOB), CAST(%s AS BLOB)) > 0"
            # Identifiers come from introspection, quoted; the value is a parameter.
            cur.execute(f"SELECT COUNT(*) FROM {qn(table)} WHERE {expr}", [value])  # noqa: S608
            if cur.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def test_without_participation_the_modules_stay_empty():
    from shequ.volunteers.models import Volunteer

    _demo("--no-participation")
    assert not Volunteer.objects.exists()


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The tiny demo (seed 5) and its output, rolled back after the class that uses it."""
    path = tmp_path_factory.mktemp("demo") / "logins.txt"
    with django_db_blocker.unblock(), transaction.atomic():
        output = _demo("--with-cases", "--with-passwords-file", str(path))
        yield SimpleNamespace(output=output, passwords_file=path)
        transaction.set_rollback(True)


class TestOneLoad:
    """What one ``shequ demo --with-cases --with-passwords-file`` loaded (each of these
    tests loaded its own demo before: six loads of the same seed). The tests that need an
    empty database first stay outside the class."""

    def test_one_login_per_role_with_the_right_grant_and_a_working_password(self, loaded):
        # when the demo is loaded
        output = loaded.output
        # then each role of DESIGN.md §2 has one account, granted on the right level, printed
        for role in Role:
            user = User.objects.get(username=role.value)
            grants = list(user.grants.select_related("area"))
            assert [g.role for g in grants] == [role.value]
            if role in AREA_KIND:
                assert grants[0].area.kind == AREA_KIND[role]
            assert role.value in output
            logged_in = authenticate(RequestFactory().post("/login/"), username=role.value,
                                     password=DEMO_PASSWORD)
            assert logged_in == user
        assert DEMO_PASSWORD in output

    def test_party_member_and_resident_logins_are_linked_to_residents(self, loaded):
        member = Resident.objects.get(user__username="party_member")
        plain = Resident.objects.get(user__username="resident")
        assert PartyMember.objects.filter(resident=member).exists()
        assert not PartyMember.objects.filter(resident=plain).exists()
        # they see their own household's records through the ordinary scope, nothing else
        user = User.objects.get(username="resident")
        seen = set(Resident.objects.for_actor(user, "view_people").values_list("pk", flat=True))
        assert seen == set(Resident.objects.filter(household=plain.household_id)
                           .values_list("pk", flat=True))
        assert Resident.objects.count() > len(seen)

    def test_a_second_load_without_if_empty_is_refused(self, loaded):
        with pytest.raises(CommandError):
            _demo()

    def test_passwords_file_is_written_private(self, loaded):
        path = loaded.passwords_file
        assert "auditor" in path.read_text(encoding="utf-8")
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    def test_no_plaintext_id_number_or_phone_anywhere_in_the_database(self, loaded):
        # given a loaded demo and one generated ID number and phone (decrypted here only)
        r = Resident.objects.exclude(phone_enc=None).order_by("id").first()
        id_number = crypto.decrypt(r.id_number_enc)
        phone = crypto.decrypt(r.phone_enc)
        # when every column of every table is searched for them
        # then neither appears in clear anywhere (the search itself works: the mask is found)
        assert _occurrences(id_number) == []
        assert _occurrences(phone) == []
        assert "registry_resident.id_number_masked" in _occurrences(r.id_number_masked)

    def test_the_demo_fills_the_modules_and_with_cases_the_ledgers(self, loaded):
        from shequ.ledgers.models import Case
        from shequ.volunteers.models import Volunteer

        # when
        output = loaded.output
        # then: participation pages and the ledgers have something to show
        assert Volunteer.objects.exists()
        assert Case.objects.count() > 100
        assert "Generated cases" in output
