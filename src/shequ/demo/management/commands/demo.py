"""``shequ demo``: load a demo district into the configured database and print the logins."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from shequ.branches.demo import generate_branches
from shequ.circle.demo import generate_circle
from shequ.dashboard.demo import generate_dashboard
from shequ.deliberation.demo import generate_deliberation
from shequ.demo import generator
from shequ.demo import notices as demo_notices
from shequ.demo.logins import existing_logins, format_table
from shequ.demo.scales import SCALES
from shequ.evaluations.demo import generate_evaluations
from shequ.ledgers.demo import generate_cases
from shequ.membership.demo import generate_membership
from shequ.patrols.demo import generate_patrols
from shequ.services.demo import generate_services
from shequ.talent.demo import generate_talent

# One year of cases per scale for --with-cases (issue 4 benchmarks the district's 400k).
CASES_PER_YEAR = {"tiny": 300, "small": 12_000, "district": 400_000}

# The modules' own demo loaders, after the people, volunteers and resources they build on:
# ``fn(seed=…, progress=…) -> dict`` of what was loaded (printed), in this order.
MODULE_LOADERS = (
    ("Patrols", generate_patrols),
    ("Party dues and transfers", generate_membership),
    ("Talent", generate_talent),
    ("Service circle", generate_circle),
    ("Services", generate_services),
    ("Deliberation", generate_deliberation),
    ("Evaluations", generate_evaluations),
    ("Party branches", generate_branches),
)


class Command(BaseCommand):
    help = (
        "Load a demo district (realistic but fictional people) into the configured database "
        "and print one demo login per role. --scale district builds ≈380k residents."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small",
                            help="small: one street (quick start); district: DESIGN.md §7 "
                                 "size; tiny: a few households (tests)")
        parser.add_argument("--seed", type=int, default=2026,
                            help="same seed, same people (default 2026)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (but print the logins) if a district exists")
        parser.add_argument("--with-cases", action="store_true",
                            help="also generate a year of ledger cases and warnings "
                                 f"({', '.join(f'{k}: {v:,}' for k, v in CASES_PER_YEAR.items())})")
        parser.add_argument("--no-participation", action="store_true",
                            help="skip volunteers, points, activities, selections, courses, "
                                 "shared resources and the modules' own demo data (patrols, "
                                 "dues, talent, services, deliberation, evaluations, branches)")
        parser.add_argument("--with-passwords-file", metavar="PATH",
                            help="also write the logins table to PATH (mode 0600)")

    def handle(self, *args, scale, seed, if_empty, with_cases, no_participation,
               with_passwords_file, verbosity, **options):
        if generator.district_exists():
            if not if_empty:
                raise CommandError(
                    "A district already exists in this database. Use --if-empty to skip, or "
                    "point SHEQU_DATABASE_URL at an empty database."
                )
            logins = existing_logins()
            if verbosity > 1:
                self.stdout.write("A district already exists; nothing loaded.")
        else:
            def progress(msg: str) -> None:
                if verbosity > 0:
                    self.stdout.write(msg)

            report = generator.load(scale=scale, seed=seed, progress=progress)
            logins = report.logins
            if verbosity > 0:
                summary = ", ".join(f"{k} {v:,}" for k, v in report.counts.items())
                self.stdout.write(f"Loaded demo {scale} (seed {seed}) in "
                                  f"{report.seconds:.1f} s: {summary}")
            if not no_participation:
                call_command("demo_participation", "--seed", str(seed), verbosity=verbosity)
                call_command("demo_resources", "--seed", str(seed), verbosity=verbosity)
                for title, load in MODULE_LOADERS:
                    self._report(title, load(seed=seed, progress=progress), verbosity)
            demo_notices.load()
            if with_cases:
                self._report("Generated cases", generate_cases(seed=seed, per_year=CASES_PER_YEAR[scale],
                                                     progress=progress), verbosity)
            if not no_participation:  # after the cases: their figures are cached too
                self._report("Dashboard", generate_dashboard(seed=seed, progress=progress),
                             verbosity)
        table = format_table(logins)
        self.stdout.write("Demo logins (demo-only password):\n" + table)
        if with_passwords_file:
            path = Path(with_passwords_file)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(table + "\n")

    def _report(self, title: str, done, verbosity: int) -> None:
        if verbosity > 0 and done:
            self.stdout.write(f"{title}: " + ", ".join(
                f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in done.items()))
