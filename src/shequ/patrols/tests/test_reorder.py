"""Reordering a route's checkpoints: service, API and the route page's up/down buttons —
the new walking order, the audit row, and the refusals (another grid's route, a position
out of range, an order that does not list the route's checkpoints)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.patrols import selectors, services
from shequ.patrols.errors import PatrolErrorCode
from shequ.testing import factories
from shequ.testing.jsonapi import send, signed_in

pytestmark = pytest.mark.django_db
API = "/api/v1/patrols"


@pytest.fixture
def three(route, staff, tree):
    """The route's checkpoints after adding a third: building, gate, second building."""
    services.checkpoint_add(actor=staff, route=route, label="巷口",
                            building=tree.household1.entrance.building)
    return [p.pk for p in selectors.route_checkpoints(route)]


@pytest.fixture
def elsewhere():
    """A route of another district's grid, with one checkpoint."""
    other = factories.Tree()
    r = services.route_create(actor=SYSTEM, grid=other.grid1, name="外线")
    services.checkpoint_add(actor=SYSTEM, route=r, building=other.household1.entrance.building)
    return r


def order_of(route):
    return [p.pk for p in selectors.route_checkpoints(route)]


def test_reorder_sets_the_walking_order_and_is_audited(route, staff, three):
    a, b, c = three
    services.checkpoint_reorder(actor=staff, route=route, order=[c, a, b])
    assert order_of(route) == [c, a, b]
    assert [p.order for p in selectors.route_checkpoints(route)] == [1, 2, 3]
    event = AuditEvent.objects.get(action="reorder_checkpoints", entity_id=route.pk)
    assert event.before == {"order": [a, b, c]} and event.after == {"order": [c, a, b]}


def test_move_to_a_position_closes_gaps_left_by_removal(route, staff, tree, three):
    a, b, c = three
    services.checkpoint_remove(actor=staff, checkpoint=selectors.route_checkpoint(route, b))
    services.checkpoint_move(actor=staff, checkpoint=selectors.route_checkpoint(route, c),
                             position=1)
    assert order_of(route) == [c, a]
    assert [p.order for p in selectors.route_checkpoints(route)] == [1, 2]
    # a checkpoint added afterwards goes last
    d = services.checkpoint_add(actor=staff, route=route, compound=tree.compound).pk
    assert order_of(route) == [c, a, d]


def test_reorder_refusals_change_nothing(route, staff, grid_worker, three, elsewhere):
    a, b, c = three
    stranger = elsewhere.checkpoints.get().pk
    for order in ([a, b], [a, b, c, c], [a, b, stranger], ["x"], None):
        with pytest.raises(DomainError) as e:
            services.checkpoint_reorder(actor=staff, route=route, order=order)
        assert e.value.code == PatrolErrorCode.BAD_ORDER and e.value.field == "order"
    point = selectors.route_checkpoint(route, a)
    for position in (0, 4, -1, "two"):
        with pytest.raises(DomainError) as e:
            services.checkpoint_move(actor=staff, checkpoint=point, position=position)
        assert e.value.code == PatrolErrorCode.BAD_POSITION and e.value.field == "position"
    # a grid worker reads routes but may not reorder them
    with pytest.raises(Forbidden):
        services.checkpoint_move(actor=grid_worker, checkpoint=point, position=2)
    # another district's route: out of scope reads as not found, so nothing is confirmed
    with pytest.raises(NotFound):
        services.checkpoint_reorder(actor=staff, route=elsewhere, order=[stranger])
    with pytest.raises(NotFound):
        selectors.route_get_for_actor(staff, elsewhere.pk)
    with pytest.raises(NotFound):
        selectors.route_checkpoint(route, stranger)
    assert order_of(route) == [a, b, c]
    assert not AuditEvent.objects.filter(action="reorder_checkpoints").exists()


def test_api_reorder_and_move(client, staff, route, three, elsewhere):
    a, b, c = three
    c_ = signed_in(client, staff)
    r = send(c_, "put", f"{API}/routes/{route.pk}/checkpoints/order", {"order": [b, c, a]})
    assert r.status_code == 200, r.content
    assert [p["id"] for p in r.json()["checkpoints"]] == [b, c, a]
    r = send(c_, "post", f"{API}/routes/{route.pk}/checkpoints/{a}/move", {"position": 1})
    assert r.status_code == 200 and [p["id"] for p in r.json()["checkpoints"]] == [a, b, c]
    r = send(c_, "post", f"{API}/routes/{route.pk}/checkpoints/{a}/move", {"position": 9})
    assert r.status_code == 400 and r.json()["code"] == "position_out_of_range"
    assert r.json()["field"] == "position"
    r = send(c_, "put", f"{API}/routes/{route.pk}/checkpoints/order", {"order": [a, b]})
    assert r.status_code == 400 and r.json()["code"] == "checkpoint_order_mismatch"
    stranger = elsewhere.checkpoints.get().pk
    r = send(c_, "post", f"{API}/routes/{route.pk}/checkpoints/{stranger}/move",
             {"position": 1})
    assert r.status_code == 404
    r = send(c_, "put", f"{API}/routes/{elsewhere.pk}/checkpoints/order",
             {"order": [stranger]})
    assert r.status_code == 404
    assert order_of(route) == [a, b, c]


def test_route_page_up_and_down_buttons(client, staff, grid_worker, route, three):
    a, b, c = three
    client.force_login(staff)
    page = client.get(reverse("patrols:route-detail", args=[route.pk]))
    html = page.content.decode()
    assert html.count('data-testid="up"') == 2 and html.count('data-testid="down"') == 2
    move = reverse("patrols:checkpoint-move", args=[route.pk, c])
    r = client.post(move, {"position": "1"}, follow=True)
    assert r.status_code == 200 and order_of(route) == [c, a, b]
    r = client.post(move, {"position": "7"}, follow=True)
    assert "请选择 1 到 3 之间的位置" in r.content.decode() and order_of(route) == [c, a, b]
    assert client.get(move).status_code == 405
    client.force_login(grid_worker)
    page = client.get(reverse("patrols:route-detail", args=[route.pk]))
    assert 'data-testid="up"' not in page.content.decode()
    client.post(move, {"position": "3"})
    assert order_of(route) == [c, a, b]
