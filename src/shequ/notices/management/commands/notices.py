"""``shequ notices publish | deliver | digest --cadence daily|weekly``: what cron runs (the
digest once a day and once a week, publish every few minutes); the worker runs the same
functions as tasks (``notices.tasks``).

``shequ notices send --as USERNAME --area ID --title … --body … [--role R …]`` sends a
notice as that account through the same service as the page and the API (so the same
refusals: an area outside the account's scope is refused with its message)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shequ.core.errors import DomainError
from shequ.notices import delivery, selectors, services
from shequ.notices.models import Cadence


class Command(BaseCommand):
    help = "Publish scheduled notices, send notifications due now, send the digests, or " \
           "send a notice as an account."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["publish", "deliver", "digest", "send"])
        parser.add_argument("--cadence", choices=[Cadence.DAILY, Cadence.WEEKLY],
                            default=Cadence.DAILY)
        parser.add_argument("--as", dest="username", default="")
        parser.add_argument("--area", type=int)
        parser.add_argument("--title", default="")
        parser.add_argument("--body", default="")
        parser.add_argument("--role", action="append", default=[])

    def handle(self, *args, what, cadence, **options):
        if what == "publish":
            self.stdout.write(f"published {services.publish_due()} notice(s)")
        elif what == "deliver":
            self.stdout.write(f"delivered {delivery.deliver_immediate()} notification(s)")
        elif what == "digest":
            self.stdout.write(f"sent {delivery.send_digest(cadence=cadence)} {cadence} digest(s)")
        else:
            self._send(**options)

    def _send(self, *, username, area, title, body, role, **_options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active account {username!r} (--as)")
        try:
            notice = services.notice_create(actor=user, area=selectors.area_by_id(area),
                                            title=title, body=body, roles=role)
        except DomainError as exc:
            raise CommandError(f"{exc.field or 'notice'}: {exc.message}") from None
        self.stdout.write(f"notice {notice.pk} sent to {notice.recipient_count} recipient(s)")
