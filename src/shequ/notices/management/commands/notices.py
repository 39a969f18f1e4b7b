"""``shequ notices publish | deliver | digest --cadence daily|weekly``: what cron runs
(the digest once a day and once a week, publish every few minutes). The worker runs the
same functions as tasks (``notices.tasks``); this is the door for the scheduler."""

from django.core.management.base import BaseCommand

from shequ.notices import delivery, services
from shequ.notices.models import Cadence


class Command(BaseCommand):
    help = "Publish scheduled notices, send notifications due now, or send the digests."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["publish", "deliver", "digest"])
        parser.add_argument("--cadence", choices=[Cadence.DAILY, Cadence.WEEKLY],
                            default=Cadence.DAILY)

    def handle(self, *args, what, cadence, **options):
        if what == "publish":
            self.stdout.write(f"published {services.publish_due()} notice(s)")
        elif what == "deliver":
            self.stdout.write(f"delivered {delivery.deliver_immediate()} notification(s)")
        else:
            self.stdout.write(f"sent {delivery.send_digest(cadence=cadence)} {cadence} digest(s)")
