"""Who a management command acts as."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError


def actor_from(username: str | None):
    """The user a command acts as; the system (SYSTEM) when no --actor is given."""
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user


class SubcommandsAsActor(BaseCommand):
    """A command of subcommands (``shequ area add …``), each taking ``--actor USERNAME``
    and run as ``do_<subcommand>(actor, opts)``; a DomainError a subcommand lets through
    exits non-zero with ``code: message``."""

    def subcommands(self, parser):
        """Returns ``command(name, **kw)``, which adds a subcommand with ``--actor``."""
        sub = parser.add_subparsers(dest="sub", required=True)

        def command(name, **kw):
            p = sub.add_parser(name, **kw)
            p.add_argument("--actor", help="username to act as (default: the system)")
            return p

        return command

    def handle(self, *args, **opts):
        actor = actor_from(opts.get("actor"))
        try:
            getattr(self, "do_" + opts["sub"].replace("-", "_"))(actor, opts)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None
