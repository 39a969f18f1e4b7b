"""``shequ holidays``: the working-day calendar used for case deadlines.

    shequ holidays list [--year 2027]
    shequ holidays set 2027-01-01 [--until 2027-01-03] --name 元旦          (days off)
    shequ holidays set 2027-01-04 --workday --name 元旦调休                 (make-up day)
    shequ holidays remove 2027-01-04
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from shequ.core.actors import SYSTEM
from shequ.ledgers import services
from shequ.ledgers.models import Holiday


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "List, declare or remove public holidays and make-up working days (调休)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list")
        ls.add_argument("--year", type=int)
        st = sub.add_parser("set")
        st.add_argument("date")
        st.add_argument("--until", help="last day of a holiday period")
        st.add_argument("--workday", action="store_true", help="a make-up working day")
        st.add_argument("--name", default="")
        rm = sub.add_parser("remove")
        rm.add_argument("date")

    def handle(self, *args, action, **opts):
        if action == "list":
            qs = Holiday.objects.order_by("date")
            if opts["year"]:
                qs = qs.filter(date__year=opts["year"])
            for h in qs:
                kind = "workday" if h.is_workday else "holiday"
                self.stdout.write(f"{h.date}  {kind:8} {h.name}")
        elif action == "set":
            day, last = _date(opts["date"]), _date(opts["until"] or opts["date"])
            while day <= last:
                services.holiday_set(actor=SYSTEM, date=day, is_workday=opts["workday"],
                                     name=opts["name"])
                day += dt.timedelta(days=1)
            self.stdout.write("saved")
        else:
            services.holiday_remove(actor=SYSTEM, date=_date(opts["date"]))
            self.stdout.write("removed")
