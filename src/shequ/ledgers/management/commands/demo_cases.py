"""``shequ demo_cases``: add a year of demo cases to a database holding ``shequ demo`` data
(what ``shequ demo --with-cases`` runs after the district)."""

from django.core.management.base import BaseCommand, CommandError

from shequ.ledgers.demo import generate_cases
from shequ.territory.models import Area


class Command(BaseCommand):
    help = "Generate a year of demo cases (with events, comments, evaluations, warnings)."

    def add_arguments(self, parser):
        parser.add_argument("--per-year", type=int, default=400_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-warnings", action="store_true")

    def handle(self, *args, per_year, seed, no_warnings, verbosity, **options):
        if not Area.objects.filter(kind="district").exists():
            raise CommandError("Load a district first: shequ demo --scale …")
        counts = generate_cases(seed=seed, per_year=per_year, warnings=not no_warnings,
                                progress=self.stdout.write if verbosity else None)
        self.stdout.write(", ".join(f"{k} {v:,}" for k, v in counts.items()))
