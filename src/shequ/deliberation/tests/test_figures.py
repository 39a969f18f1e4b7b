"""The dashboard's key-matter figures: per community, only the matters in progress, those
decided this month and the leaf tasks past their deadline; another community's staff see
only theirs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.deliberation.figures import FIGURES
from shequ.deliberation.models import Matter, Task
from shequ.testing import factories as f


def _matter(community, status, **kw):
    return Matter.objects.create(community=community, kind="decision", title="事项",
                                 status=status, path=community.path, **kw)


def test_matter_figures_per_community_and_in_scope(tree):
    other = f.second_community(tree)
    now, today = timezone.now(), timezone.localdate()
    for status in ("approved", "scheduled", "executing", "draft", "done"):
        _matter(tree.community, status)
    executing = _matter(tree.community, "executing", decided_at=now)
    _matter(tree.community, "passed", decided_at=now - dt.timedelta(days=400))
    _matter(other, "scheduled")
    parent = Task.objects.create(matter=executing, title="总任务", due_on=today - dt.timedelta(1),
                                 path=executing.path)
    Task.objects.create(matter=executing, parent=parent, title="采购", path=executing.path,
                        due_on=today - dt.timedelta(days=1))
    Task.objects.create(matter=executing, title="完工", due_on=today - dt.timedelta(days=1),
                        progress=100, path=executing.path)
    Task.objects.create(matter=executing, title="验收", due_on=today, path=executing.path)
    place = f.figure_place(tree.street, tree.community)
    admin = f.user(Role.STREET_ADMIN, tree.street)

    assert f.figure_values(FIGURES, "deliberation.in_progress", admin, place) == {
        tree.community.path: 4, other.path: 1}
    assert f.figure_values(FIGURES, "deliberation.decided", admin, place) == {
        tree.community.path: 1}
    assert f.figure_values(FIGURES, "deliberation.tasks_overdue", admin, place) == {
        tree.community.path: 1}
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    assert f.figure_values(FIGURES, "deliberation.in_progress", theirs, place) == {other.path: 1}
    assert f.figure_values(FIGURES, "deliberation.tasks_overdue", theirs, place) == {}


def test_matter_figures_drill_to_the_community_list_only(tree):
    figure = next(fig for fig in FIGURES if fig.key == "deliberation.tasks_overdue")
    assert figure.drill_url(f.figure_place(tree.street, tree.community), None) is None
    url = figure.drill_url(f.figure_place(tree.community, tree.grid1), None)
    assert f"community={tree.community.pk}" in url and "status=executing" in url
