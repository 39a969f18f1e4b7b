"""``shequ deliberation``: the same selectors and services as the pages, as the account
named by --actor; refusals exit with ``code: message`` and write nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.deliberation import services
from shequ.deliberation.models import ResolutionStatus, Task
from shequ.members import services as member_services
from shequ.organizations.models import Unit
from shequ.testing import factories

from .helpers import passed


def run(*args) -> str:
    out = StringIO()
    call_command("deliberation", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def executing(staff, approved, council):
    matter = services.matter_execute(actor=staff, matter=passed(staff, approved, council))
    root = services.task_add(actor=staff, matter=matter, title="采购器材")
    leaf = services.task_add(actor=staff, matter=matter, title="询价", parent=root)
    return matter, root, leaf


def test_list_show_and_progress_as_staff(staff, executing):
    matter, root, leaf = executing
    assert "翻新小区健身广场" in run("list", "--actor", staff.username)
    assert "0 matter(s)" in run("list", "--status", "draft", "--actor", staff.username)
    shown = run("show", str(matter.pk), "--actor", staff.username)
    assert "询价" in shown and "parent" in shown and "history" in shown
    out = run("progress", str(leaf.pk), "60", "--note", "已比价两家", "--actor", staff.username)
    assert "60.00%" in out and "matter 60.00%" in out
    assert Task.objects.get(pk=root.pk).progress == 60


def test_refusals_are_clear_and_write_nothing(tree, staff, executing):
    matter, root, leaf = executing
    with pytest.raises(CommandError, match="progress_range"):
        run("progress", str(leaf.pk), "120", "--actor", staff.username)
    with pytest.raises(CommandError, match="parent_progress"):
        run("progress", str(root.pk), "50", "--actor", staff.username)
    with pytest.raises(CommandError, match="invalid: TASK is a number"):
        run("progress", "abc", "50", "--actor", staff.username)
    outsider = factories.user("community_staff", factories.Tree().community)
    with pytest.raises(CommandError, match="not_found"):
        run("show", str(matter.pk), "--actor", outsider.username)
    with pytest.raises(CommandError, match="not_found"):
        run("progress", str(leaf.pk), "10", "--actor", outsider.username)
    with pytest.raises(CommandError, match="No active user"):
        run("list", "--actor", "nobody-here")
    assert Task.objects.get(pk=leaf.pk).progress == 0


def test_a_liaison_follows_up_their_units_resolution(tree, staff, committee):
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="joint",
                                      title="联席会议", starts_at=timezone.now())
    ours_unit, other_unit = Unit.objects.filter(area=tree.community).order_by("id")[:2]
    due = timezone.localdate() + dt.timedelta(days=3)
    ours = services.resolution_add(actor=staff, meeting=meeting, text="清理楼道", unit=ours_unit,
                                   due_on=due)
    theirs = services.resolution_add(actor=staff, meeting=meeting, text="修路灯",
                                     unit=other_unit, due_on=due)
    liaison = factories.user("unit_liaison", tree.community)
    member_services.liaison_add(actor=SYSTEM, user=liaison, unit=ours_unit)
    listed = run("resolutions", "--mine", "--actor", liaison.username)
    assert "清理楼道" in listed and "修路灯" not in listed
    run("follow-up", str(ours.pk), "done", "已清理", "--actor", liaison.username)
    ours.refresh_from_db()
    assert ours.status == ResolutionStatus.DONE
    with pytest.raises(CommandError, match="not_found"):
        run("follow-up", str(theirs.pk), "done", "x", "--actor", liaison.username)
    with pytest.raises(CommandError, match=r"required: .*\(note\)"):
        run("follow-up", str(ours.pk), "open", " ", "--actor", liaison.username)
    theirs.refresh_from_db()
    assert theirs.status == ResolutionStatus.OPEN
