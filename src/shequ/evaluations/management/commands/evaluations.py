"""``shequ evaluations``: the office's command line for 干部联评, through the same services
as the pages and the API.

  shequ evaluations results ROUND [--store]        response rates and per-question results;
                                                    --store keeps them as assessments
  shequ evaluations close ROUND                    close a round now
  shequ evaluations respond ROUND --as USERNAME --answers JSON [--pair ID --direction D]
                                                    enter a paper form for that account (its
                                                    own rights apply: a closed round or a
                                                    second response is refused)
  shequ evaluations overdue --area CODE            commitments overdue without a report

Refusals are printed as ``code: message`` and exit 1."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.evaluations import selectors, services
from shequ.territory.models import Area


def refused(exc: DomainError) -> CommandError:
    field = f" ({exc.field})" if exc.field else ""
    return CommandError(f"{exc.code}: {exc.message}{field}")


class Command(BaseCommand):
    help = "Read and close evaluation rounds, enter paper responses, list overdue commitments."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        p = sub.add_parser("results")
        p.add_argument("round", type=int)
        p.add_argument("--store", action="store_true")
        sub.add_parser("close").add_argument("round", type=int)
        p = sub.add_parser("respond")
        p.add_argument("round", type=int)
        p.add_argument("--as", dest="username", required=True)
        p.add_argument("--answers", required=True, help='JSON {"question id": value}')
        p.add_argument("--pair", type=int)
        p.add_argument("--direction", default="")
        sub.add_parser("overdue").add_argument("--area", required=True)

    def handle(self, *args, command, **opts):
        try:
            getattr(self, f"do_{command}")(opts)
        except DomainError as exc:
            raise refused(exc) from exc

    def do_results(self, opts):
        r = selectors.round_get_for_actor(SYSTEM, opts["round"])
        rates = selectors.response_rates(r)
        self.stdout.write(f"{r.title}: {json.dumps({k: v for k, v in rates.items() if k != 'communities'})}")
        for row in selectors.question_results(r):
            mean = f" mean {row['mean']}" if row.get("mean") is not None else ""
            self.stdout.write(f"  {row['question'].position}. {row['question'].text}: "
                              f"{row['total']} answers{mean}")
        if opts["store"]:
            n = services.results_compute(actor=SYSTEM, round=r)
            self.stdout.write(f"{n} assessments stored")

    def do_close(self, opts):
        r = services.round_close(actor=SYSTEM,
                                 round=selectors.round_get_for_actor(SYSTEM, opts["round"]))
        self.stdout.write(f"closed {r.title}")

    def do_respond(self, opts):
        user = get_user_model().objects.filter(username=opts["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"not_found: no active account {opts['username']!r}")
        try:
            answers = json.loads(opts["answers"])
        except ValueError as exc:
            raise CommandError("invalid: --answers is not JSON") from exc
        if not isinstance(answers, dict):
            raise CommandError("invalid: --answers is a JSON object")
        r = selectors.round_get_for_actor(user, opts["round"])
        pair = (selectors.pair_for_answer(user, r, opts["pair"], opts["direction"])
                if opts["pair"] else None)
        row = services.response_submit(actor=user, round=r, answers=answers, pair=pair,
                                       direction=opts["direction"])
        # An anonymous response is not named beside the account it was entered as.
        self.stdout.write("response recorded" if not row.evaluator
                          else f"response {row.pk} recorded")

    def do_overdue(self, opts):
        area = Area.objects.filter(code=opts["area"].strip()).first()
        if area is None:
            raise CommandError(f"not_found: no area with code {opts['area']!r}")
        for c in selectors.overdue_commitments(SYSTEM, area):
            self.stdout.write(f"{c.pk}\t{c.period_end}\t{c.community.name}\t{c.person}\t{c.title}")
