"""Matters under the 监委会 through the one supervision mechanism: a comment or flag on a
matter (and the step it concerns), the matters' section of the weekly summary, and the
monthly score of the 居委会 members who own execution tasks."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.errors import Forbidden, NotFound
from shequ.deliberation import services
from shequ.supervision import selectors as supervision
from shequ.supervision import services as supervise
from shequ.testing import factories

from .helpers import passed

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)


@pytest.fixture
def executing(staff, approved, council):
    return services.matter_execute(actor=staff, matter=passed(staff, approved, council))


def test_a_supervisor_flags_a_step_of_a_matter_and_the_community_answers(
        client, tree, staff, supervisor, executing):
    client.force_login(supervisor)
    page = client.get(executing.get_absolute_url()).content.decode()
    assert 'name="step"' in page  # the supervisor may comment, naming the step
    r = client.post(reverse("supervision:subject-comment-new", args=["matter", executing.pk]),
                    {"text": "执行进度未公示", "flag": "1", "step": "执行中"})
    assert r["Location"] == executing.get_absolute_url()
    (flag,) = supervision.comment_list(actor=staff, subject=executing)
    assert (flag.kind, flag.step, flag.is_open_flag) == ("matter", "执行中", True)
    client.force_login(staff)
    assert 'name="answer"' in client.get(executing.get_absolute_url()).content.decode()
    supervise.flag_answer(actor=staff, comment=flag, answer="已公示")
    with pytest.raises(Forbidden):  # the community does not supervise itself
        supervise.comment_add(actor=staff, subject=executing, text="x")
    outsider = factories.user("supervisor", factories.Tree().community)
    with pytest.raises(NotFound):
        supervise.comment_add(actor=outsider, subject=executing, text="x")


def test_the_weekly_summary_has_a_section_for_matters(tree, staff, executing):
    services.task_add(actor=staff, matter=executing, title="采购器材", owner=staff,
                      due_on=timezone.localdate() - dt.timedelta(days=1))
    w = supervision.weekly(actor=staff, community=tree.community, day=timezone.localdate())
    (section,) = [s for s in w.sections if s.template == "deliberation/_weekly_matters.html"]
    figures = dict((str(k), v) for k, v in section.figures)
    assert figures["本周决策事项"] == 1 and figures["逾期任务"] == 1


def test_task_owners_are_scored_by_the_published_criteria(tree, staff, supervisor, executing):
    today = timezone.localdate()
    a = services.task_add(actor=staff, matter=executing, title="询价", owner=staff, due_on=today)
    services.task_add(actor=staff, matter=executing, title="安装", owner=staff, due_on=today)
    services.task_progress_set(actor=staff, task=a, progress=100)
    (score,) = supervise.score_compute(actor=supervisor, kind="matter",
                                       community=tree.community, month=today)
    assert score.person == staff
    assert score.measures == {"tasks_due": 2, "completed_rate": 0.5, "average_progress": 50.0}
    assert score.computed_score == 50.0  # 70 × 0.5 + 30 × 0.5
