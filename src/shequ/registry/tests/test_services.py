"""Registering, changing and revealing residents."""

import datetime as dt

import pytest

from shequ.accounts.roles import Role
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.registry import services
from shequ.registry.models import Resident
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_create_derives_birth_date_and_gender_and_masks(tree, grid_worker):
    r = services.resident_create(actor=grid_worker, household=tree.household1, name="  叶 玉 ",
                                 id_number="51170319440904468x", phone="+86 138-6810-6871")
    assert (r.name, r.gender, r.birth_date) == ("叶 玉", "F", dt.date(1944, 9, 4))
    assert r.id_number_masked == "511**************X"
    assert r.phone_masked == "138****6871"
    event = AuditEvent.objects.get(entity="resident", entity_id=str(r.pk), action="create")
    assert "51170319440904468X" not in str(event.after)
    assert "13868106871" not in str(event.after)


@pytest.mark.parametrize(("kw", "field"), [
    ({"id_number": "51170319440904468"}, "id_number"),
    ({"id_number": "511703194409044681"}, "id_number"),
    ({"phone": "1386810687"}, "phone"),
    ({"name": ""}, "name"),
    ({"name": "名" * 41}, "name"),
    ({"gender": "M"}, "gender"),
    ({"birth_date": dt.date(1944, 9, 5)}, "birth_date"),
    ({"relation": "cousin"}, "relation"),
])
def test_bad_input_names_the_field_and_saves_nothing(tree, grid_worker, kw, field):
    args = {"name": "叶玉", "id_number": "51170319440904468X", "phone": "13868106871", **kw}
    with pytest.raises(DomainError) as exc:
        services.resident_create(actor=grid_worker, household=tree.household1, **args)
    assert exc.value.field == field
    assert exc.value.message
    assert Resident.objects.count() == 0
    assert not AuditEvent.objects.filter(entity="resident").exists()


def test_same_id_number_cannot_be_registered_twice(tree, grid_worker):
    factories.resident(tree.household1, id_number="51170319440904468X")
    with pytest.raises(DomainError) as exc:
        factories.resident(tree.household1, name="另一人", id_number="51170319440904468x")
    assert exc.value.code == "duplicate"


def test_grid_worker_cannot_register_into_another_grid(tree, grid_worker):
    with pytest.raises(NotFound):
        services.resident_create(actor=grid_worker, household=tree.household2, name="甲",
                                 id_number=factories.make_id_number())


def test_supervisor_can_see_but_not_change(tree):
    supervisor = factories.user(Role.SUPERVISOR, tree.community)
    r = factories.resident(tree.household1)
    with pytest.raises(Forbidden):
        services.resident_update(actor=supervisor, resident=r, note="x")


def test_update_records_before_and_after_masked(tree, grid_worker):
    r = factories.resident(tree.household1, phone="13800000001")
    services.resident_update(actor=grid_worker, resident=r, phone="13900000002", name="張三")
    r.refresh_from_db()
    assert (r.name_simplified, r.name_pinyin, r.name_initials) == ("张三", "zhangsan", "zs")
    event = AuditEvent.objects.get(entity="resident", action="update")
    assert event.before["phone"] == "138****0001" and event.after["phone"] == "139****0002"
    assert event.actor == grid_worker


def test_phone_change_with_identical_mask_is_still_audited(tree, grid_worker):
    r = factories.resident(tree.household1, phone="13812340001")
    services.resident_update(actor=grid_worker, resident=r, phone="13899990001")
    event = AuditEvent.objects.get(entity="resident", action="update")
    assert "phone" in event.after


def test_moving_to_a_household_outside_scope_is_refused(tree, grid_worker):
    r = factories.resident(tree.household1)
    with pytest.raises(NotFound):
        services.resident_update(actor=grid_worker, resident=r, household=tree.household2)
    r.refresh_from_db()
    assert r.household == tree.household1


def test_id_number_cannot_be_changed(tree, grid_worker):
    r = factories.resident(tree.household1)
    with pytest.raises(DomainError):
        services.resident_update(actor=grid_worker, resident=r, id_number="11010519491231002X")


def test_reveal_returns_clear_value_and_logs_who_when_why(tree, grid_worker):
    r = factories.resident(tree.household1, id_number="51170319440904468X")
    value = services.resident_reveal(actor=grid_worker, resident=r, field="id_number",
                                     reason="入户走访核对")
    assert value == "51170319440904468X"
    event = AuditEvent.objects.get(action="reveal")
    assert (event.actor, event.reason, event.entity_id) == (grid_worker, "入户走访核对", str(r.pk))
    assert "51170319440904468X" not in (event.summary + str(event.after))


def test_reveal_needs_a_reason(tree, grid_worker):
    r = factories.resident(tree.household1)
    with pytest.raises(DomainError) as exc:
        services.resident_reveal(actor=grid_worker, resident=r, field="phone", reason=" ")
    assert exc.value.field == "reason"
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_supervisor_and_other_grid_cannot_reveal(tree, other_grid_worker):
    r = factories.resident(tree.household1)
    with pytest.raises(Forbidden):
        services.resident_reveal(actor=factories.user(Role.SUPERVISOR, tree.community),
                                 resident=r, field="phone", reason="看看")
    with pytest.raises(NotFound):
        services.resident_reveal(actor=other_grid_worker, resident=r, field="phone", reason="看看")
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_deactivate_keeps_the_record(tree, grid_worker):
    r = factories.resident(tree.household1)
    services.resident_deactivate(actor=grid_worker, resident=r, reason="迁出")
    assert Resident.objects.filter(pk=r.pk, is_active=False).exists()
