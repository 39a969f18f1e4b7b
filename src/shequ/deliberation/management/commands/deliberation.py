"""shequ deliberation: 要事联商 from a terminal, through the selectors and services the pages
and the API use.

  shequ deliberation list [--status S] [--kind K] [--q TEXT]
  shequ deliberation show MATTER
  shequ deliberation progress TASK PERCENT [--note TEXT]
  shequ deliberation resolutions [--overdue] [--mine]
  shequ deliberation follow-up RESOLUTION STATUS NOTE

Every subcommand takes --actor USERNAME (default: the system) and sees what that account
may see; a matter, task or resolution out of sight is ``not_found`` like a missing one. A
refusal exits non-zero with ``code: message (field)`` and writes nothing.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from shequ.core.errors import DomainError
from shequ.core.management.actors import SubcommandsAsActor, actor_from

from ... import selectors, services
from ...models import MatterKind, MatterStatus, ResolutionStatus


def _number(value: str, what: str) -> int:
    """An id typed on the command line; a word is refused before anything is read."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CommandError(f"invalid: {what} is a number, not {value!r}") from None


class Command(SubcommandsAsActor):
    help = "List and show key matters, record a task's progress, follow up resolutions."

    def add_arguments(self, parser):
        command = self.subcommands(parser)
        p = command("list", help="matters in sight, newest first")
        p.add_argument("--status", choices=MatterStatus.values)
        p.add_argument("--kind", choices=MatterKind.values)
        p.add_argument("--q", default="", help="words of the title")
        p = command("show", help="one matter: its facts, history and task tree")
        p.add_argument("matter")
        p = command("progress", help="set a leaf task's progress (0-100)")
        p.add_argument("task")
        p.add_argument("percent")
        p.add_argument("--note", default="")
        p = command("resolutions", help="联席会议 resolutions by deadline")
        p.add_argument("--overdue", action="store_true", help="only open ones past it")
        p.add_argument("--mine", action="store_true", help="only my units' (a liaison's)")
        p = command("follow-up", help="report a resolution's status and what was done")
        p.add_argument("resolution")
        p.add_argument("status", choices=ResolutionStatus.values)
        p.add_argument("note")

    def handle(self, *args, **opts):
        """As every subcommand command, and the refused field named: "This field is
        required" alone does not say which argument."""
        actor = actor_from(opts.get("actor"))
        try:
            getattr(self, "do_" + opts["sub"].replace("-", "_"))(actor, opts)
        except DomainError as exc:
            field = f" ({exc.field})" if exc.field else ""
            raise CommandError(f"{exc.code}: {exc.message}{field}") from None

    def _out(self, *cells) -> None:
        self.stdout.write("\t".join(str(c) for c in cells))

    def do_list(self, actor, opts):
        rows = list(selectors.matter_list(actor=actor, q=opts["q"], status=opts["status"] or "",
                                          kind=opts["kind"] or "")[:500])
        for m in rows:
            self._out(m.pk, m.status, m.kind, m.community.name, f"{m.progress}%", m.title)
        self.stdout.write(f"{len(rows)} matter(s)")

    def do_show(self, actor, opts):
        m = selectors.matter_get_for_actor(actor, _number(opts["matter"], "MATTER"))
        self._out("matter", m.pk, m.title)
        for label, value in (("status", m.status), ("kind", m.kind),
                             ("community", m.community.name), ("budget", m.budget or "-"),
                             ("progress", f"{m.progress}%")):
            self._out(" ", label, value)
        for event in selectors.matter_history(m):
            self._out("  history", f"{event.at:%Y-%m-%d %H:%M}", event.step,
                      event.to_status or "", event.note)
        for t in selectors.matter_tasks(m):
            self._out("  task", t.pk, f"{'  ' * t.depth}{t.title}", f"{t.progress}%",
                      "parent" if t.is_parent else "leaf", t.due_on or "-")

    def do_progress(self, actor, opts):
        task = selectors.task_get_for_actor(actor, _number(opts["task"], "TASK"))
        task = services.task_progress_set(actor=actor, task=task, progress=opts["percent"],
                                          note=opts["note"])
        task.matter.refresh_from_db(fields=["progress"])
        self._out("progress", task.pk, task.title, f"{task.progress}%",
                  f"matter {task.matter.progress}%")

    def do_resolutions(self, actor, opts):
        rows = list(selectors.resolution_list(actor=actor, overdue=opts["overdue"],
                                              mine=opts["mine"])[:500])
        for r in rows:
            self._out(r.pk, r.due_on, r.status, "overdue" if r.is_overdue else "",
                      r.unit.name, r.text)
        self.stdout.write(f"{len(rows)} resolution(s)")

    def do_follow_up(self, actor, opts):
        r = selectors.resolution_get_for_actor(actor, _number(opts["resolution"], "RESOLUTION"))
        services.resolution_follow_up(actor=actor, resolution=r, status=opts["status"],
                                      note=opts["note"])
        r = selectors.resolution_get_for_actor(actor, r.pk)
        self._out("followed up", r.pk, r.status, r.text)
