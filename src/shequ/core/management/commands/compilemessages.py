"""Compile the gettext catalogs with polib (pure Python), so a machine with only python3
needs no GNU gettext. Replaces Django's compilemessages of the same name."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every Shequ locale/*/LC_MESSAGES/*.po to .mo (pure Python)."

    def handle(self, *args, **options):
        count = 0
        bases = [Path(p) for p in settings.LOCALE_PATHS]
        bases += [Path(app.path) / "locale" for app in apps.get_app_configs()
                  if app.name.startswith("shequ.")]
        for base in bases:
            for po_path in base.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"compiled {count} catalog(s)")
