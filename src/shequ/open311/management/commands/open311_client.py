"""``shequ open311_client``: issue, list and revoke Open311 API keys (administrators).

    shequ open311_client issue --name "12345 app" --area <area code> [--rate 60]
    shequ open311_client list
    shequ open311_client revoke <prefix>
"""

from django.core.management.base import BaseCommand, CommandError

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.open311 import services
from shequ.open311.models import Open311Client
from shequ.territory.models import Area


class Command(BaseCommand):
    help = "Issue, list or revoke Open311 client API keys."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue")
        issue.add_argument("--name", required=True)
        issue.add_argument("--area", required=True, help="code of the district/street/community")
        issue.add_argument("--rate", type=int, default=60, help="requests per minute")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **opts):
        if action == "issue":
            area = Area.objects.filter(code=opts["area"]).first()
            if area is None:
                raise CommandError(f"no area with code {opts['area']}")
            try:
                client, raw = services.client_issue(actor=SYSTEM, name=opts["name"], area=area,
                                                    rate_limit_per_minute=opts["rate"])
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"issued to {client.name} for {area.name}; the key is shown "
                              f"once:\n{raw}")
        elif action == "list":
            for c in Open311Client.objects.select_related("area").order_by("id"):
                state = "revoked" if c.revoked_at else "active"
                self.stdout.write(f"{c.prefix}  {state:8} {c.rate_limit_per_minute:>4}/min  "
                                  f"{c.area.code}  {c.name}")
        else:
            client = Open311Client.objects.filter(prefix=opts["prefix"]).first()
            if client is None:
                raise CommandError("no client with that prefix")
            services.client_revoke(actor=SYSTEM, client=client)
            self.stdout.write(f"revoked {client}")
