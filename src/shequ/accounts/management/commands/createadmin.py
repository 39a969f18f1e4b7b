"""Create an administrator account with a role over a territory node.

    shequ createadmin USERNAME --role sysadmin [--area CODE] [--password-stdin]

Without --area the grant is on the (first) district. The password is read from stdin
with --password-stdin, else prompted for twice; it must pass the password rules.
"""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shequ.accounts import services
from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.territory.models import Area


class Command(BaseCommand):
    help = "Create an administrator (sysadmin, secadmin, auditor, district_admin…)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", default=Role.SYSADMIN, choices=Role.values)
        parser.add_argument("--area", help="territory code (default: the district)")
        parser.add_argument("--display-name", default="")
        parser.add_argument("--password-stdin", action="store_true")

    def handle(self, *args, username, role, area, display_name, password_stdin, **options):
        node = (Area.objects.filter(code=area).first() if area
                else Area.objects.filter(kind="district").order_by("path").first())
        if node is None:
            raise CommandError("No such area: create the territory (or run `shequ demo`) first.")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            with transaction.atomic():
                user = services.user_create(actor=SYSTEM, username=username, password=password,
                                            display_name=display_name)
                services.grant_add(actor=SYSTEM, user=user, role=role, area=node)
        except DomainError as exc:
            raise CommandError(f"{exc.field or ''}: {exc.message}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created {username} as {role} on {node.name}."))
