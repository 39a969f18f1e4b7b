"""Committing imports: modes, atomicity, idempotence, updates with audit, scope."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident
from shequ.rosters import writing
from shequ.rosters.selectors import area_get_for_actor
from shequ.rosters.services import import_file
from shequ.territory.models import Compound, Household
from shequ.testing import factories

from .conftest import SAMPLE, person, row


def _state():
    return sorted(Resident.objects.values_list("id_number_hash", "name", "phone_hash",
                                               "household_id", "relation"))


def test_valid_rows_mode_imports_the_valid_rows(tree, book):
    path = book([row(1), row(2, id_number="123"), row(3, "李四")])
    result = import_file(actor=SYSTEM, path=path, community=tree.community, mode="valid-rows")
    assert result.counts["new"] == 2 and result.counts["rejected"] == 1
    assert Resident.objects.count() == 2


def test_all_or_nothing_mode_writes_nothing_while_a_row_is_rejected(tree, book):
    # given one bad row among good ones
    path = book([row(1), row(2, id_number="123"), row(3, "李四")])
    # when
    with pytest.raises(DomainError) as exc:
        import_file(actor=SYSTEM, path=path, community=tree.community, mode="all-or-nothing")
    # then
    assert exc.value.code == "rows_rejected"
    assert not Resident.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_all_or_nothing_mode_imports_a_clean_file(tree, book):
    path = book([row(1), row(2, "李四")])
    import_file(actor=SYSTEM, path=path, community=tree.community, mode="all-or-nothing")
    assert Resident.objects.count() == 2


def test_an_interrupted_import_leaves_nothing_and_a_rerun_converges(tree, monkeypatch):
    # given batches of 5 rows and a crash while writing the third batch, after the
    # housing structure and two batches were written
    monkeypatch.setattr(writing, "BATCH_SIZE", 5)
    real = writing._insert_batch
    calls = {"n": 0}

    def crashing(sql, params):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        real(sql, params)

    monkeypatch.setattr(writing, "_insert_batch", crashing)
    compounds_before = Compound.objects.count()
    households_before = Household.objects.count()
    # when
    with pytest.raises(RuntimeError):
        import_file(actor=SYSTEM, path=SAMPLE, community=tree.community, build_structure=True, confirm_structure=True)
    # then nothing of it remains: no resident, no new compound or room, no audit row
    assert calls["n"] == 3
    assert not Resident.objects.exists()
    assert Compound.objects.count() == compounds_before
    assert Household.objects.count() == households_before
    assert not AuditEvent.objects.filter(action="import").exists()
    # and when it runs again without the fault, it ends in the state of a clean run
    monkeypatch.setattr(writing, "_insert_batch", real)
    result = import_file(actor=SYSTEM, path=SAMPLE, community=tree.community,
                         build_structure=True, confirm_structure=True)
    assert result.counts["new"] == 42
    assert Resident.objects.count() == 42


def test_reimporting_the_same_file_changes_nothing(tree, book):
    # given a file imported once
    path = book([row(1), row(2, "李四", phone="+86 139 0000 0001")])
    import_file(actor=SYSTEM, path=path, community=tree.community)
    before, audits = _state(), AuditEvent.objects.count()
    # when imported again
    with CaptureQueriesContext(connection) as ctx:
        result = import_file(actor=SYSTEM, path=path, community=tree.community)
    # then everything is unchanged, and not one write happened
    assert result.counts == {"new": 0, "updated": 0, "unchanged": 2, "rejected": 0,
                             "total": 2}
    writes = [q["sql"] for q in ctx.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert _state() == before
    assert AuditEvent.objects.count() == audits


def test_changed_phone_and_address_update_the_person_with_a_masked_audit(tree, book):
    # given a person imported with one phone and room
    import_file(actor=SYSTEM, path=book([row(1, phone="13800138000")]), community=tree.community)
    staff = factories.user("community_staff", tree.community)
    # when a later roster has a new phone and another room
    path = book([row(1, phone="13900139000", address=("金竹苑", "8栋", "1单元", "501"))])
    result = import_file(actor=staff, path=path, community=tree.community)
    # then
    assert result.counts["updated"] == 1
    r = Resident.objects.get()
    assert r.phone_masked == "139****9000" and r.household == tree.household2
    assert r.path == tree.household2.path
    event = AuditEvent.objects.get(action="update", entity="resident")
    assert event.actor == staff
    assert event.before["phone"] == "138****8000" and event.after["phone"] == "139****9000"
    assert event.after["household"] == tree.household2.pk
    dumped = json.dumps([event.before, event.after])
    assert "13900139000" not in dumped and "13800138000" not in dumped
    assert person(1) not in dumped


def test_blank_optional_cells_keep_what_the_registry_holds(tree, book):
    # given a person with a phone and a note
    header = ["姓名", "身份证号码", "现住址", "联系电话", "备注"]
    import_file(actor=SYSTEM, path=book([["张三", person(1), "金竹苑7栋2单元302", "13800138000",
                                         "独居老人"]], header=header), community=tree.community)
    # when a roster leaves both blank
    result = import_file(actor=SYSTEM, path=book([["张三", person(1), "金竹苑7栋2单元302", "",
                                                  ""]], header=header),
                         community=tree.community)
    # then nothing is erased
    assert result.counts["unchanged"] == 1
    r = Resident.objects.get()
    assert r.phone_masked == "138****8000" and r.note == "独居老人"


def test_a_person_registered_in_another_community_is_rejected(tree, book):
    # given a person living in another community
    other = factories.Tree()
    factories.resident(other.household1, id_number=person(1))
    # when
    result = import_file(actor=SYSTEM, path=book([row(1)]), community=tree.community)
    # then
    assert [c for c, _f, _m in result.plan.rejected[0].errors] == ["registered_elsewhere"]
    assert Resident.objects.get().household == other.household1


def test_only_users_whose_scope_covers_the_community_may_import(tree, book, grid_worker):
    # given a grid worker (one grid only) and a community staff member elsewhere
    stranger = factories.user("community_staff", factories.Tree().community)
    path = book([row(1)])
    for actor in (grid_worker, stranger):
        # when / then: out of scope gives the same answer as an unknown community
        with pytest.raises(NotFound) as exc:
            area_get_for_actor(actor, tree.community.code, "edit_people", kinds=("community",))
        with pytest.raises(NotFound) as unknown:
            area_get_for_actor(actor, "NO-SUCH-CODE", "edit_people", kinds=("community",))
        assert exc.value.as_dict() == unknown.value.as_dict()
        with pytest.raises(NotFound):
            import_file(actor=actor, path=path, community=tree.community)
    assert not Resident.objects.exists()


def test_community_staff_may_import(tree, book, staff):
    community = area_get_for_actor(staff, tree.community.code, "edit_people",
                                   kinds=("community",))
    import_file(actor=staff, path=book([row(1)]), community=community)
    event = AuditEvent.objects.get(action="import")
    assert event.actor == staff and event.after["new"] == 1


def test_large_imports_compute_columns_in_helper_processes_with_the_same_result(
        tree, book, monkeypatch):
    # given the helper processes used for every import, batches of two rows
    monkeypatch.setattr(writing, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(writing, "BATCH_SIZE", 2)
    path = book([row(n, f"居民{n}", phone=f"1380013{n:04d}") for n in range(1, 8)])
    # when
    result = import_file(actor=SYSTEM, path=path, community=tree.community)
    # then every row is stored, readable, and found by its keyed hash
    assert result.counts["new"] == 7
    from shequ.core import crypto
    from shequ.registry import pii

    for n in range(1, 8):
        r = Resident.objects.get(id_number_hash=pii.id_hash(person(n)))
        assert crypto.decrypt(r.id_number_enc) == person(n) and r.name == f"居民{n}"
        assert r.name_pinyin.startswith("jumin")


def test_someone_registered_between_check_and_commit_refuses_the_import(tree, book):
    # given a checked plan
    from shequ.rosters.planning import plan_import

    path = book([row(1), row(2, "李四")])
    plan = plan_import(path=path, community=tree.community)
    # when one of its people is registered by hand before the commit
    factories.resident(tree.household1, id_number=person(2))
    # then the commit is refused as a whole, and the other person is not half-imported
    with pytest.raises(DomainError) as exc:
        writing.commit_plan(actor=SYSTEM, plan=plan, mode="valid-rows")
    assert exc.value.code == "conflict"
    assert Resident.objects.count() == 1


def test_housing_names_longer_than_their_columns_reject_the_row(tree, book):
    """A compound name longer than 60 characters is refused with the reason, never stored
    cut or whole."""
    # given
    long_name = "滨河花园" * 16
    path = book([row(1, address=(long_name, "5栋", "1单元", "602")), row(2)])
    # when
    result = import_file(actor=SYSTEM, path=path, community=tree.community,
                         build_structure=True, confirm_structure=True)
    # then
    [rejected] = result.plan.rejected
    assert [c for c, _f, _m in rejected.errors] == ["address_too_long"]
    assert "60" in rejected.errors[0][2]
    assert not Compound.objects.filter(name__startswith="滨河花园").exists()
    assert result.counts["new"] == 1
