"""Exports: masked by default, revealed only when permitted and asked, audited, and read
back by the importer unchanged."""

import pytest
from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident
from shequ.rosters.exporting import MASKED_HEADER, export_residents
from shequ.rosters.selectors import area_get_for_actor
from shequ.rosters.services import import_file
from shequ.testing import factories

from .conftest import SAMPLE, person


def _rows(path):
    ws = load_workbook(path, read_only=True).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture
def imported(tree):
    import_file(actor=SYSTEM, path=SAMPLE, community=tree.community, build_structure=True, confirm_structure=True)
    return tree


def test_export_masks_id_numbers_and_phones_by_default(imported, staff, tmp_path):
    # when
    out = tmp_path / "out.xlsx"
    n = export_residents(actor=staff, area=imported.community, out=out)
    # then
    rows = _rows(out)
    assert rows[0] == MASKED_HEADER and n == 42 == len(rows) - 1
    assert {r[5] for r in rows[1:]} <= set(range(1900, 2030))  # the birth year only
    ids = {r[4] for r in rows[1:]}
    assert all("*" * 14 in i for i in ids)
    assert all(p is None or "****" in p for p in (r[6] for r in rows[1:]))
    event = AuditEvent.objects.get(action="export")
    assert event.after == {"rows": 42, "scope": imported.community.code, "revealed": False}


def test_reveal_needs_the_permission_and_a_reason(imported, tmp_path):
    # given a supervisor (may view, may not reveal) and community staff
    supervisor = factories.user("supervisor", imported.community)
    staff = factories.user("community_staff", imported.community)
    out = tmp_path / "out.xlsx"
    # then a supervisor may not even export, and staff must say why
    with pytest.raises(NotFound):
        export_residents(actor=supervisor, area=imported.community, out=out, reveal=True,
                         reason="census")
    with pytest.raises(DomainError) as exc:
        export_residents(actor=staff, area=imported.community, out=out, reveal=True)
    assert exc.value.field == "reason"
    assert not out.exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_reveal_refused_where_the_actor_may_export_but_not_reveal(imported, tmp_path,
                                                                   monkeypatch):
    # given an actor whose export scope covers the community but whose reveal scope does not
    staff = factories.user("community_staff", imported.community)
    from shequ.core.scoping import Scope

    real = staff.scope_for
    monkeypatch.setattr(staff, "scope_for",
                        lambda action: Scope() if action == "reveal_pii" else real(action))
    with pytest.raises(Forbidden):
        export_residents(actor=staff, area=imported.community, out=tmp_path / "o.xlsx",
                         reveal=True, reason="census")


def test_revealed_export_is_in_clear_and_audited_once(imported, staff, tmp_path):
    # when
    out = tmp_path / "clear.xlsx"
    export_residents(actor=staff, area=imported.community, out=out, reveal=True,
                     reason="district census 2026")
    # then
    rows = _rows(out)
    ids = [r[4] for r in rows[1:]]
    assert all(len(i) == 18 and "*" not in i for i in ids)
    events = AuditEvent.objects.filter(action="export")
    assert events.count() == 1
    e = events.get()
    assert e.actor == staff and e.reason == "district census 2026"
    assert e.after == {"rows": 42, "scope": imported.community.code, "revealed": True}
    assert ids[0] not in str(e.after) + e.summary


def test_export_outside_scope_is_the_same_as_unknown(imported, grid_worker):
    # a grid worker may not export at all; an unknown code answers the same
    with pytest.raises(NotFound) as a:
        area_get_for_actor(grid_worker, imported.community.code, "export_people")
    with pytest.raises(NotFound) as b:
        area_get_for_actor(grid_worker, "NOPE", "export_people")
    assert a.value.as_dict() == b.value.as_dict()


def test_export_round_trips_through_import_unchanged(imported, staff, tmp_path):
    # given a revealed export of the community
    out = tmp_path / "roundtrip.xlsx"
    export_residents(actor=staff, area=imported.community, out=out, reveal=True,
                     reason="round trip")
    before = sorted(Resident.objects.values_list(
        "id_number_hash", "name", "phone_hash", "household_id", "relation", "ethnicity",
        "political_status", "residence_type", "note", "gender", "birth_date"))
    # when it is imported again
    result = import_file(actor=staff, path=out, community=imported.community)
    # then every row is recognised as unchanged
    assert result.counts == {"new": 0, "updated": 0, "unchanged": 42, "rejected": 0,
                             "total": 42}
    after = sorted(Resident.objects.values_list(
        "id_number_hash", "name", "phone_hash", "household_id", "relation", "ethnicity",
        "political_status", "residence_type", "note", "gender", "birth_date"))
    assert after == before


def test_a_masked_export_cannot_be_imported(imported, staff, tmp_path):
    # given a masked export
    out = tmp_path / "masked.xlsx"
    export_residents(actor=staff, area=imported.community, out=out)
    # when it is checked for import
    result = import_file(actor=staff, path=out, community=imported.community, dry_run=True)
    # then every row is rejected with the reason, never matched on a guess
    assert result.counts["rejected"] == 42
    assert {c for r in result.plan.rejected for c, _f, _m in r.errors} == {"id_masked",
                                                                           "phone_masked"}


def test_cli_commands(imported, tmp_path, capsys, staff):
    from django.core.management import call_command

    # export with reveal, then re-import the file: nothing to do
    out = tmp_path / "cli.xlsx"
    call_command("export-residents", "--scope", imported.community.code, "--out", str(out),
                 "--reveal", "--reason", "cli test", "--actor", staff.username)
    call_command("import-residents", str(out), "--community", imported.community.code,
                 "--actor", staff.username, "--errors", str(tmp_path / "err.xlsx"))
    text = capsys.readouterr().out
    assert "exported 42 residents" in text
    assert "imported: 0 new, 0 updated, 42 unchanged, 0 rejected" in text
    assert person(1) not in text
