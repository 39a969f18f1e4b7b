"""The supervised task worker: started again when it exits, with a growing wait; the tasks
a dead worker left running are failed with a message, and their module told."""

import subprocess
import sys
import threading
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from shequ.core import workers


class _RecordingEvent(threading.Event):
    """The supervisor's stop event, noting each wait it is asked for (a machine shared by
    other work stretches the gaps between starts: they are not what is tested)."""

    def __init__(self):
        super().__init__()
        self.waits = []

    def wait(self, timeout=None):
        self.waits.append(timeout)
        return super().wait(timeout)


def test_a_worker_that_exits_is_started_again_with_a_growing_wait(tmp_path):
    # given a "worker" that notes its id and dies at once
    marks = tmp_path / "starts"
    exits = []

    def command(worker_id):
        return [sys.executable, "-c",
                f"open({str(marks)!r}, 'a').write({worker_id!r} + '\\n'); raise SystemExit(3)"]

    supervisor = workers.Supervisor(command, min_delay=0.05, max_delay=0.4,
                                    on_exit=lambda wid, code: exits.append((wid, code, time.monotonic())))
    supervisor._stopping = _RecordingEvent()  # the waits it chose, not the clock's gaps
    thread = threading.Thread(target=supervisor.run)
    # when it runs for a while
    thread.start()
    deadline = time.monotonic() + 30
    while len(exits) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    supervisor.stop()
    thread.join(timeout=30)
    # then it was started again after each exit, each time with a new id
    assert len(exits) >= 4 and not thread.is_alive()
    ids = marks.read_text().split()
    assert [e[0] for e in exits] == ids[:len(exits)] and len(set(ids)) == len(ids)
    assert {e[1] for e in exits} == {3}
    # and waited longer before each later start, up to the most
    assert supervisor._stopping.waits[:4] == [0.05, 0.1, 0.2, 0.4]


def test_stop_ends_a_worker_that_ignores_the_request(tmp_path):
    # given a worker that ignores SIGTERM
    supervisor = workers.Supervisor(lambda wid: [sys.executable, "-c", (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)")])
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    while supervisor.process is None:
        time.sleep(0.01)
    time.sleep(0.5)
    # when asked to stop, with a short grace
    supervisor.stop(timeout=0.5)
    thread.join(timeout=30)
    # then it is killed and the supervisor returns
    assert not thread.is_alive() and supervisor.process.returncode is not None


def _running(task_path, worker_id, *args):
    return DBTaskResult.objects.create(
        status="RUNNING", task_path=task_path, backend_name="default", worker_ids=[worker_id],
        args_kwargs={"args": list(args), "kwargs": {}}, run_after=timezone.now(),
        started_at=timezone.now())


@pytest.mark.django_db
def test_tasks_of_a_dead_worker_are_failed_and_their_module_told(monkeypatch):
    # given a task left running by worker A (dead), one run by worker B (alive)
    told = []
    monkeypatch.setitem(workers._lost_handlers, "shequ.x.task", lambda *a: told.append(a))
    lost = _running("shequ.x.task", "h:1:a", "job-1")
    alive = _running("shequ.x.task", "h:1:b", "job-2")
    # when A's exit is handled
    assert workers.fail_lost_tasks({"h:1:a"}) == 1
    # then A's task failed with a message, and the module was told with its arguments
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == "FAILED" and lost.exception_class_path.endswith("WorkerLost")
    assert "后台任务进程在执行此任务时中止" in lost.traceback
    assert alive.status == "RUNNING" and told == [("job-1",)]


@pytest.mark.django_db
def test_at_start_the_tasks_of_a_gone_supervisor_on_this_host_are_failed():
    # given tasks of a supervisor of this host that has exited, of a live one, of another
    # host and of a worker started by hand
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    host = workers._host()
    tasks = {name: _running("shequ.x.task", wid) for name, wid in {
        "gone": f"{host}:{gone}:a", "live": workers.new_worker_id(),
        "elsewhere": f"other-host:{gone}:a", "by hand": "Xc9s0AbQ"}.items()}
    # when a supervisor starts
    workers.fail_lost_tasks()
    # then only the gone supervisor's task is failed
    states = {name: DBTaskResult.objects.get(pk=t.pk).status for name, t in tasks.items()}
    assert states == {"gone": "FAILED", "live": "RUNNING", "elsewhere": "RUNNING",
                      "by hand": "RUNNING"}


def _alive(pid: int) -> bool:
    """Running (a zombie left for a container's init to reap has stopped)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_child_started_to_die_with_its_parent_stops_when_the_parent_is_killed(tmp_path):
    """A bench or server killed with SIGKILL runs no clean-up: the worker it started must
    not run on as an orphan."""
    # given a parent that starts a long-running child the way serve starts its worker
    pid_file = tmp_path / "child"
    parent = subprocess.Popen([sys.executable, "-c", (  # noqa: S603 - our interpreter
        "import subprocess, sys, time\n"
        "from shequ.core.workers import dies_with_parent\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'],\n"
        "                         start_new_session=True, preexec_fn=dies_with_parent())\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(120)\n")])
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    assert _alive(child)
    # when the parent is killed outright
    parent.kill()
    parent.wait()
    # then the child stops too
    deadline = time.monotonic() + 30
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
