"""Each early-warning rule: a case set that triggers it and one that does not; the
warning's evidence, level and who must act; acknowledgement and closing by a person."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.ledgers import alerting, selectors, services
from shequ.ledgers.alerting import oncase
from shequ.ledgers.models import Case, Category, EarlyWarning, PendingWarningCheck
from shequ.registry.models import Tag
from shequ.testing import factories

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def days_ago(n):
    return NOW - dt.timedelta(days=n)


def warnings(kind):
    return list(EarlyWarning.objects.filter(kind=kind))


class TestCluster:
    def test_five_cases_of_one_category_in_one_grid_within_7_days(self, make_case, grid_worker):
        # given four cases already — no warning yet
        cases = [make_case(received_at=days_ago(i)) for i in range(4)]
        assert warnings("cluster") == []
        # when the fifth arrives
        cases.append(make_case())
        # then one orange warning names the grid's worker and the five cases
        (w,) = warnings("cluster")
        assert w.level == "orange" and w.grid == cases[0].grid
        assert w.assignee == grid_worker
        assert sorted(w.cases.values_list("pk", flat=True)) == sorted(c.pk for c in cases)
        # and a sixth case is added to the same warning
        sixth = make_case()
        assert warnings("cluster") == [w] and w.cases.filter(pk=sixth.pk).exists()

    def test_spread_over_time_grids_or_categories_does_not_trigger(self, make_case, place):
        for i in range(3):
            make_case(received_at=days_ago(i))
        make_case(received_at=days_ago(9))  # outside the window
        make_case(building=place.building2)  # other grid
        make_case(category=Category.objects.get(code="noise"),
                  attributes={"noise_time": "day"})
        assert warnings("cluster") == []

    def test_thresholds_are_set_per_district(self, make_case, place, district_admin):
        services.warning_rule_set(actor=district_admin, district=place.district, kind="cluster",
                                  level="red", params={"count": 2, "window_days": 3})
        make_case()
        make_case()
        (w,) = warnings("cluster")
        assert w.level == "red"


class TestRepeat:
    def test_three_appeals_by_one_phone_in_30_days(self, make_case):
        appeal = Category.objects.get(code="complaint")
        for i in (20, 10):
            make_case(category=appeal, reporter_phone="13900001111", received_at=days_ago(i))
        assert warnings("repeat") == []
        make_case(category=appeal, reporter_phone="139 0000 1111")
        (w,) = warnings("repeat")
        assert w.cases.count() == 3 and "139****1111" in w.title

    def test_different_people_or_other_ledgers_or_too_long_ago_do_not(self, make_case):
        appeal = Category.objects.get(code="complaint")
        make_case(category=appeal, reporter_phone="13900001111", received_at=days_ago(40))
        make_case(category=appeal, reporter_phone="13900001111")
        make_case(category=appeal, reporter_phone="13900002222")
        make_case(reporter_phone="13900001111")  # livelihood, not counted by default
        assert warnings("repeat") == []


class TestKeyPerson:
    def test_a_stability_case_about_a_key_person_is_red(self, make_case, place):
        tag, _ = Tag.objects.get_or_create(code="key_person", defaults={"name": "重点人员"})
        person = factories.resident(place.household1, name="王五")
        person.tags.add(tag)
        case = make_case(category=Category.objects.get(code="conflict_risk"), subject=person)
        (w,) = warnings("key_person")
        assert w.level == "red" and list(w.cases.all()) == [case]

    def test_not_for_other_people_or_other_ledgers(self, make_case, place):
        tag, _ = Tag.objects.get_or_create(code="key_person", defaults={"name": "重点人员"})
        person = factories.resident(place.household1, name="王五")
        ordinary = factories.resident(place.household1, name="赵六")
        person.tags.add(tag)
        make_case(category=Category.objects.get(code="conflict_risk"), subject=ordinary)
        make_case(subject=person)  # livelihood case about the key person
        assert warnings("key_person") == []


class TestDeadline:
    def test_overdue_and_nearly_overdue_open_cases(self, make_case, staff, grid_worker):
        # given an overdue case, one due within a day, one due later, one overdue but resolved
        overdue = make_case(received_at=days_ago(30))
        soon = make_case()
        Case.objects.filter(pk=soon.pk).update(due_at=NOW + dt.timedelta(hours=5))
        make_case()
        done = make_case(received_at=days_ago(30))
        services.case_assign(actor=staff, case=done, assignee=grid_worker)
        services.case_start(actor=grid_worker, case=done)
        services.case_resolve(actor=grid_worker, case=done, note="ok")
        # when the scheduled pass runs
        alerting.run_all(kinds=["deadline"])
        # then the long-overdue case is red, the nearly-due one yellow, nothing else
        levels = {w.cases.get().pk: w.level for w in warnings("deadline")}
        assert levels == {overdue.pk: "red", soon.pk: "yellow"}
        # and running again raises nothing new
        alerting.run_all(kinds=["deadline"])
        assert len(warnings("deadline")) == 2

    def test_a_closed_deadline_warning_is_not_raised_again(self, make_case, staff):
        make_case(received_at=days_ago(30))
        alerting.run_all(kinds=["deadline"])
        (w,) = warnings("deadline")
        services.warning_close(actor=staff, warning=w, note="已督办")
        alerting.run_all(kinds=["deadline"])
        assert EarlyWarning.objects.filter(kind="deadline").count() == 1


class TestSpike:
    def history(self, make_case, per_week):
        for week, n in enumerate(per_week, 1):
            for i in range(n):
                make_case(received_at=days_ago(7 * week + 1 + i % 5), evaluate_warnings=False)

    def test_this_week_above_mean_plus_three_sd_and_at_least_five(self, make_case):
        # given 1–2 cases a week for 8 weeks (mean 1.5, sd 0.5 → threshold 3.0)
        self.history(make_case, [1, 2, 1, 2, 1, 2, 1, 2])
        for i in range(5):
            make_case(received_at=days_ago(i % 3), evaluate_warnings=False)
        # when
        alerting.run_all(kinds=["spike"])
        # then
        (w,) = warnings("spike")
        assert w.detail["this_week"] == 5 and w.detail["threshold"] == 3.0
        assert w.cases.count() == 5

    def test_a_new_case_raises_the_spike_at_once(self, make_case):
        # given a quiet history, and four cases this week (no spike yet: below the minimum)
        self.history(make_case, [1, 2, 1, 2, 1, 2, 1, 2])
        for i in range(4):
            make_case(received_at=days_ago(i % 3),
                      category=Category.objects.get(code=["noise", "utilities"][i % 2]),
                      attributes={"noise_time": "day"})
        assert warnings("spike") == []
        # when the fifth case of the week is taken in
        make_case(category=Category.objects.get(code="complaint"))
        # then the spike is raised by intake itself, with the week's cases as evidence
        (w,) = warnings("spike")
        assert w.cases.count() == 5

    def test_a_busy_week_in_a_busy_grid_or_below_the_minimum_is_not_a_spike(self, make_case,
                                                                             place):
        self.history(make_case, [5, 1, 6, 2, 5, 1, 6, 2])  # mean 3.5, sd ≈ 2.06 → 9.7
        for i in range(7):
            make_case(received_at=days_ago(i % 3), evaluate_warnings=False)
        for i in range(4):  # a quiet grid: 4 this week, nothing before, but below 5
            make_case(building=place.building2, received_at=days_ago(i % 3),
                      evaluate_warnings=False)
        alerting.run_all(kinds=["spike"])
        assert warnings("spike") == []


class TestHandling:
    def test_acknowledge_then_close_by_a_person(self, make_case, grid_worker, supervisor,
                                                other_grid_worker):
        make_case(received_at=days_ago(30))
        alerting.run_all(kinds=["deadline"])
        (w,) = warnings("deadline")
        with pytest.raises(NotFound):
            services.warning_acknowledge(actor=other_grid_worker, warning=w)
        with pytest.raises(Exception):  # noqa: B017 - Forbidden: supervisors only read
            services.warning_acknowledge(actor=supervisor, warning=w)
        services.warning_acknowledge(actor=grid_worker, warning=w)
        with pytest.raises(Conflict):
            services.warning_acknowledge(actor=grid_worker, warning=w)
        with pytest.raises(DomainError):
            services.warning_close(actor=grid_worker, warning=w, note="")
        services.warning_close(actor=grid_worker, warning=w, note="已联系处理")
        w.refresh_from_db()
        assert (w.state, w.acknowledged_by, w.closed_by) == ("closed", grid_worker, grid_worker)

    def test_warnings_are_scoped(self, make_case, other_grid_worker, staff):
        make_case(received_at=days_ago(30))
        alerting.run_all(kinds=["deadline"])
        assert selectors.warning_list(actor=other_grid_worker).count() == 0
        assert selectors.warning_list(actor=staff).count() == 1


def test_the_command_runs_every_rule(make_case, capsys):
    from django.core.management import call_command

    make_case(received_at=days_ago(30))
    call_command("run_warnings")
    assert "deadline" in capsys.readouterr().out
    assert warnings("deadline")


# -- intake notes the case; the task worker evaluates new cases in batches ------------------
@pytest.fixture
def deferring_queue(settings, monkeypatch):
    from django_tasks import task_backends

    from shequ.ledgers import alerting

    # django-tasks rebuilds its backends when the setting changes (and back afterwards)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(alerting, "_next_batch", 0.0)  # no batch queued by this process yet
    return task_backends["default"]


def test_a_burst_is_evaluated_by_one_queued_batch(make_case, deferring_queue):
    """Intake raises nothing itself and queues one batch for a burst; the batch, run by the
    worker a second later, sees the whole burst and raises the cluster warning."""
    # given: five cases of one category in one grid within a second
    cases = [make_case() for _ in range(5)]
    # then: no warning yet, every case waits, and one batch is queued for a second later
    assert warnings("cluster") == []
    assert PendingWarningCheck.objects.count() == 5
    [queued] = deferring_queue.results
    assert queued.task.run_after > timezone.now()
    # when the worker runs it
    queued.task.func(*queued.args)
    # then: one warning with the five cases, and nothing left waiting
    (w,) = warnings("cluster")
    assert sorted(w.cases.values_list("pk", flat=True)) == sorted(c.pk for c in cases)
    assert not PendingWarningCheck.objects.exists()


def test_processes_share_one_waiting_batch(settings, monkeypatch):
    """Every web process queues batches; while one queued by any of them waits, another
    process's intake relies on it (a batch not started sees every earlier commit)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    queued = DBTaskResult.objects.filter(task_path="shequ.ledgers.tasks.evaluate_new_cases")
    # given a batch queued by one process
    monkeypatch.setattr(alerting, "_next_batch", 0.0)
    alerting.queue_batch()
    assert queued.count() == 1
    # when another process (its own throttle lapsed) takes in a case
    monkeypatch.setattr(alerting, "_next_batch", 0.0)
    alerting.queue_batch()
    # then no second batch is queued
    assert queued.count() == 1
    # but once the batch has started, the next intake queues the next one
    queued.update(status="RUNNING")
    monkeypatch.setattr(alerting, "_next_batch", 0.0)
    alerting.queue_batch()
    assert queued.filter(status="READY").count() == 1


def test_a_batch_reads_as_much_for_many_cases_as_for_few(make_case, place, deferring_queue):
    """The batch's reads grow with the grids and reporters it covers, not with its cases."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    appeal = Category.objects.get(code="complaint")

    def batch_queries(n):
        for i in range(n):  # two grids, two reporters (new ones each batch), appeals
            make_case(building=[place.building1, place.building2][i % 2], category=appeal,
                      reporter_phone=f"13900{n:02d}{i % 2:04d}")
        oncase.forget_history()  # each batch reads the grids' previous weeks too
        with CaptureQueriesContext(connection) as ctx:
            assert alerting.evaluate_pending() == n
        return len(ctx)

    # when a batch of 2 and a batch of 4 cases (two grids, two reporters, no warning)
    few = batch_queries(2)
    many = batch_queries(4)
    # then both read the same number of times
    assert EarlyWarning.objects.count() == 0 and few == many


def test_later_batches_of_the_day_do_not_read_the_previous_weeks_again(make_case, place,
                                                                        deferring_queue):
    """The grids' previous weeks are read by the day's first batch only: a busy morning's
    batches read the last seven days, not nine weeks each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def batch():
        make_case(building=place.building1)
        with CaptureQueriesContext(connection) as ctx:
            assert alerting.evaluate_pending() == 1
        return [q["sql"] for q in ctx.captured_queries]

    # given the day's first batch for the grid
    first = batch()
    # when another case comes in for it
    second = batch()
    # then the second batch runs one statement fewer: no read of the earlier weeks
    assert len(second) == len(first) - 1
    # and once the copy is forgotten (a new day, another process), they are read again
    oncase.forget_history()
    assert len(batch()) == len(first)


def test_a_case_the_rules_fail_on_does_not_hold_back_the_others(make_case, place,
                                                                deferring_queue, monkeypatch):
    """A batch that fails is evaluated case by case; the failing case is logged and left."""
    from shequ.ledgers.alerting import oncase

    bad = make_case(building=place.building2)
    good = [make_case() for _ in range(5)]
    real = oncase.evaluate_cases

    def choke(cases, **kw):
        if any(c.pk == bad.pk for c in cases):
            raise ValueError("a rule choked")
        return real(cases, **kw)

    monkeypatch.setattr(alerting, "evaluate_cases", choke)
    alerting.evaluate_pending()
    (w,) = warnings("cluster")
    assert w.cases.count() == len(good) and not PendingWarningCheck.objects.exists()


def test_the_scheduled_pass_clears_what_the_worker_has_not_reached(make_case, deferring_queue,
                                                                    capsys):
    """Without a task worker, ``run-warnings`` still raises the warning of new cases."""
    from django.core.management import call_command

    for _ in range(5):
        make_case()
    call_command("run_warnings", "--rule", "cluster")
    assert len(warnings("cluster")) == 1 and not PendingWarningCheck.objects.exists()
    assert "new_cases_evaluated 5" in capsys.readouterr().out



def test_a_batch_reads_the_grids_of_its_findings_once(make_case, place, deferring_queue):
    """The grids' names and workers are read once for a batch's findings, not once per
    grid (a burst of intake finds clusters in a hundred grids)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given five cases of one category in each of two grids
    for b in (place.building1, place.building2):
        for _ in range(5):
            make_case(building=b)
    # when the worker evaluates the batch
    with CaptureQueriesContext(connection) as ctx:
        alerting.evaluate_pending()
    # then a cluster warning per grid, each assigned to its grid's worker
    found = warnings("cluster")
    assert len({w.grid_id for w in found}) == 2
    # and the grid workers were looked up in one read
    assert sum('"accounts_grant"' in q["sql"] for q in ctx.captured_queries) == 1


def test_evidence_already_linked_is_skipped_not_refused(make_case):
    """Two batches may link the same case to a warning (lean.insert_many, duplicates
    skipped as bulk_create(ignore_conflicts=True) did)."""
    from shequ.core import lean

    # given a cluster warning with its five cases
    cases = [make_case() for _ in range(5)]
    (w,) = warnings("cluster")
    through = EarlyWarning.cases.through
    # when its links are written again, with one new case
    extra = make_case()
    lean.insert_many(through, ("earlywarning", "case"),
                     [(w.pk, c.pk) for c in [*cases, extra]], ignore_conflicts=True)
    # then each case is linked once
    assert sorted(w.cases.values_list("pk", flat=True)) == sorted(c.pk for c in [*cases, extra])
