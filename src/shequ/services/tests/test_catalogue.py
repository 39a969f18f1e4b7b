"""The service catalogue: items with department, materials, time limit and fees; the
rules on who pays; retiring an item closes it to new requests (the bad-input item)."""

import pytest

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.services import selectors, services
from shequ.services.errors import ServiceErrorCode
from shequ.services.models import RequestChannel
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_staff_create_an_item_the_resident_sees_with_the_street_items(item, street_item,
                                                                       granny, tree):
    # given a community item and a street item (费随事转: the government pays the fee)
    # when the resident looks at the catalogue
    names = [i.name for i in selectors.item_list(actor=granny.user)]
    # then both are offered where they live
    assert names == ["户籍证明", "老年优待证"]
    assert item.material_list() == ["身份证", "一寸照片"]
    assert "费随事转" in str(street_item.get_payer_display())


@pytest.mark.parametrize("fee,payer,field", [
    ("5", "free", "payer"), ("0", "resident", "fee"), ("-1", "resident", "fee"),
    ("abc", "resident", "fee"),
])
def test_fee_and_payer_must_agree(staff, tree, fee, payer, field):
    with pytest.raises(DomainError) as exc:
        services.item_create(actor=staff, area=tree.community, code="x", name="x",
                             department="d", time_limit_days=3, counter="c", fee=fee,
                             payer=payer)
    assert exc.value.field == field


def test_time_limit_and_code_are_checked(staff, tree, item):
    with pytest.raises(DomainError) as exc:
        services.item_create(actor=staff, area=tree.community, code="y", name="y",
                             department="d", time_limit_days=500, counter="c")
    assert exc.value.field == "time_limit_days"
    with pytest.raises(Conflict) as exc:
        services.item_create(actor=staff, area=tree.community, code="ELDERLY_card", name="y",
                             department="d", time_limit_days=5, counter="c")
    assert exc.value.field == "code"


def test_a_grid_worker_may_not_manage_the_catalogue(grid_worker, tree, item):
    with pytest.raises((Forbidden, NotFound)):
        services.item_create(actor=grid_worker, area=tree.community, code="z", name="z",
                             department="d", time_limit_days=5, counter="c")
    with pytest.raises((Forbidden, NotFound)):
        services.item_retire(actor=grid_worker, item=item)


def test_a_retired_item_is_refused_and_open_requests_go_on(staff, item, granny):
    # given an open request for the item
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    # when the item is retired
    services.item_retire(actor=staff, item=item, reason="划转至政务中心")
    # then a new request is refused with a clear code, the open one can still be accepted
    with pytest.raises(Conflict) as exc:
        services.request_submit(actor=granny.user, item=item, resident=granny,
                                channel=RequestChannel.PORTAL)
    assert exc.value.code == ServiceErrorCode.ITEM_RETIRED and exc.value.field == "item"
    assert "老年优待证" in exc.value.message
    services.request_accept(actor=staff, service_request=req)
    # and retiring twice is told
    with pytest.raises(Conflict):
        services.item_retire(actor=staff, item=item)
    assert item.pk not in {i.pk for i in selectors.item_list(actor=granny.user)}


def test_an_item_of_another_community_is_not_offered(staff, item, granny):
    other = factories.Tree()
    other_item = services.item_create(actor=factories.user("community_staff", other.community),
                                      area=other.community, code="far", name="远方事项",
                                      department="d", time_limit_days=5, counter="c")
    with pytest.raises(DomainError) as exc:
        services.request_submit(actor=staff, item=other_item, resident=granny,
                                channel=RequestChannel.COUNTER)
    assert exc.value.code == ServiceErrorCode.ITEM_NOT_OFFERED
