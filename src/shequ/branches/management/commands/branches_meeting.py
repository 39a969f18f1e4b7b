"""``shequ branches_meeting --branch ID --kind lesson --topic T --planned YYYY-MM-DD
[--held YYYY-MM-DD] [--place P]``: record a branch's 三会一课 meeting as the system (an
office importing last month's records). Refusals (a held date in the future, an
organisation that is not a branch) are printed and exit 1."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from shequ.branches import services
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.organizations.models import PartyOrg


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--{name}: a date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Record a 三会一课 meeting of a party branch."

    def add_arguments(self, parser):
        parser.add_argument("--branch", type=int, required=True, help="the branch's id")
        parser.add_argument("--kind", required=True,
                            help="general | committee | group | lesson")
        parser.add_argument("--topic", required=True)
        parser.add_argument("--planned", required=True, help="YYYY-MM-DD")
        parser.add_argument("--held", help="YYYY-MM-DD (never in the future)")
        parser.add_argument("--place", default="")

    def handle(self, *args, branch, kind, topic, planned, held, place, **options):
        org = PartyOrg.objects.filter(pk=branch).first()
        if org is None:
            raise CommandError(f"no party organisation {branch}")
        try:
            m = services.meeting_create(actor=SYSTEM, branch=org, kind=kind, topic=topic,
                                        planned_on=_date(planned, "planned"),
                                        held_on=_date(held, "held"), place=place)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"meeting {m.pk} recorded for {org.name}")
