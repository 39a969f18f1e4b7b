"""Compile the gettext catalogs with polib (pure Python), so a machine with only python3
needs no GNU gettext. Replaces Django's compilemessages of the same name.

Traditional Chinese is not kept by hand: every ``zh_Hans`` catalog is also compiled into a
``zh_Hant`` one through OpenCC's ``s2t`` (characters only — the platform speaks mainland
administrative language, so Taiwan phrase substitution such as 信息→資訊 would change the
terms). Placeholders (``%(name)s``) are ASCII and pass through unchanged.
"""

from pathlib import Path

import opencc
import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

HANT_CONVERSION = "s2t"


def to_traditional(po: polib.POFile, converter: opencc.OpenCC) -> polib.POFile:
    out = polib.POFile()
    out.metadata = {**po.metadata, "Language": "zh_Hant"}
    for entry in po.translated_entries():
        new = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt,
                            msgid_plural=entry.msgid_plural)
        if entry.msgid_plural:
            new.msgstr_plural = {k: converter.convert(v) for k, v in entry.msgstr_plural.items()}
        else:
            new.msgstr = converter.convert(entry.msgstr)
        out.append(new)
    return out


def _stale(target: Path, source: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


class Command(BaseCommand):
    help = ("Compile every Shequ locale/*/LC_MESSAGES/*.po to .mo (pure Python), and derive "
            "zh_Hant from zh_Hans.")

    def handle(self, *args, **options):
        count = 0
        converter = None
        bases = [Path(p) for p in settings.LOCALE_PATHS]
        bases += [Path(app.path) / "locale" for app in apps.get_app_configs()
                  if app.name.startswith("shequ.")]
        for base in dict.fromkeys(bases):
            for po_path in base.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if _stale(mo_path, po_path):
                    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                    count += 1
                if po_path.parts[-3] != "zh_Hans":
                    continue
                hant_mo = base / "zh_Hant" / "LC_MESSAGES" / mo_path.name
                if _stale(hant_mo, po_path):
                    converter = converter or opencc.OpenCC(HANT_CONVERSION)
                    hant_mo.parent.mkdir(parents=True, exist_ok=True)
                    to_traditional(polib.pofile(str(po_path)), converter).save_as_mofile(
                        str(hant_mo))
                    count += 1
        self.stdout.write(f"compiled {count} catalog(s)")
