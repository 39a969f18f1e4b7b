"""``shequ patrols_plan --area CODE --month YYYY-MM [--max-shifts 8] [--publish]``: draft
(or redraft) a community's or grid's monthly shift plan as the system, list what stays
uncovered per grid, and publish it when asked — what an office scripts at the month's
end. Refusals (a grid without routes, a published plan) are printed and exit 1."""

from django.core.management.base import BaseCommand, CommandError

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.patrols import selectors, services
from shequ.territory.models import Area


class Command(BaseCommand):
    help = "Generate (and optionally publish) a month's patrol shift plan."

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="the community's or grid's code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--max-shifts", type=int, default=8)
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args, area, month, max_shifts, publish, **options):
        place = Area.objects.filter(code=area.strip()).first()
        if place is None:
            raise CommandError(f"no area with code {area!r}")
        try:
            plan = services.plan_generate(actor=SYSTEM, area=place,
                                          month=selectors.month_param(month),
                                          max_shifts=max_shifts)
            uncovered = selectors.plan_uncovered(plan)
            self.stdout.write(f"{plan}: {plan.covered} of {plan.slots} slots covered")
            for u in uncovered:
                self.stdout.write(f"  uncovered {u['grid']} {u['date']} "
                                  f"{u['starts']:%H:%M}-{u['ends']:%H:%M} ×{u['missing']}")
            if publish:
                services.plan_publish(actor=SYSTEM, plan=plan)
                self.stdout.write("published")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
