"""The dashboard's service figures: per grid, the requests received this month, open, past
their deadline, rated and rated 4 or 5; a grid worker of one grid sees only theirs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.services.figures import FIGURES
from shequ.services.models import ServiceRequest
from shequ.testing import factories as f


def test_service_figures_per_grid_and_in_scope(tree, item, granny, neighbour):
    now = timezone.now()
    rows = [  # (resident, state, due in days, rating)
        (granny, "submitted", 3, None), (granny, "accepted", -1, None),
        (granny, "handed_off", -2, None), (granny, "completed", -5, 5),
        (granny, "completed", -5, 3), (neighbour, "accepted", -1, None),
        (neighbour, "refused", -1, None)]
    for resident, state, due, rating in rows:
        ServiceRequest.objects.create(
            item=item, resident=resident, channel="counter", state=state,
            due_at=now + dt.timedelta(days=due), rating=rating,
            rated_at=now if rating else None, path=resident.path)
    old = ServiceRequest.objects.create(item=item, resident=granny, channel="counter",
                                        state="completed", path=granny.path, rating=4,
                                        rated_at=now - dt.timedelta(days=400))
    ServiceRequest.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=400))
    place = f.figure_place(tree.community, tree.grid1)
    staff = f.user(Role.COMMUNITY_STAFF, tree.community)
    g1, g2 = tree.grid1.path, tree.grid2.path

    def values(key, actor=staff):
        return f.figure_values(FIGURES, f"services.{key}", actor, place)

    assert values("received") == {g1: 5, g2: 2}
    assert values("open") == {g1: 3, g2: 1}
    assert values("overdue") == {g1: 2, g2: 1}
    assert values("rated") == {g1: 2}
    assert values("satisfied") == {g1: 1}
    worker = f.user(Role.GRID_WORKER, tree.grid2)
    assert values("open", worker) == {g2: 1}
    assert values("rated", worker) == {}


def test_each_request_figure_drills_to_the_requests_it_counts(client, tree, item, granny,
                                                              neighbour):
    # given requests in both grids, one open and past its deadline in each, three rated
    # (one long ago)
    now = timezone.now()
    for resident, state, due, rating in [
            (granny, "submitted", 3, None), (granny, "accepted", -1, None),
            (granny, "completed", -5, 5), (neighbour, "accepted", -1, None),
            (neighbour, "completed", -5, 2), (neighbour, "completed", -400, 5)]:
        ServiceRequest.objects.create(
            item=item, resident=resident, channel="counter", state=state,
            due_at=now + dt.timedelta(days=due), path=resident.path, rating=rating,
            rated_at=(now if due > -300 else now + dt.timedelta(days=due)) if rating else None)
    ServiceRequest.objects.filter(due_at__lt=now - dt.timedelta(days=300)).update(
        created_at=now - dt.timedelta(days=400))
    staff = f.user(Role.COMMUNITY_STAFF, tree.community)
    community = f.figure_place(tree.community, tree.grid1)
    grid1 = f.figure_place(tree.grid1)
    # then each figure's list shows the requests it counts, the community's and one grid's
    for key, place, want in [
        ("received", community, 5), ("open", community, 3), ("overdue", community, 2),
        ("rated", community, 2), ("satisfied", community, 1),
        ("received", grid1, 3), ("open", grid1, 2), ("overdue", grid1, 1),
        ("rated", grid1, 1), ("satisfied", f.figure_place(tree.grid2), 0),
    ]:
        rows = f.drill_rows(client, FIGURES, f"services.{key}", staff, place)
        assert len(rows) == want == sum(f.figure_values(
            FIGURES, f"services.{key}", staff, place).values()), key
    assert {r.resident_id for r in f.drill_rows(client, FIGURES, "services.open", staff,
                                                grid1)} == {granny.pk}
    # and a grid worker of the other grid sees nothing of the first grid's
    worker = f.user(Role.GRID_WORKER, tree.grid2)
    assert f.drill_rows(client, FIGURES, "services.open", worker, grid1) == []
    assert len(f.drill_rows(client, FIGURES, "services.open", worker,
                            f.figure_place(tree.grid2))) == 1
