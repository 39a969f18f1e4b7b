#!/usr/bin/env python
"""Generate the Traditional Chinese catalog from the Simplified one with OpenCC.

    .venv/bin/python scripts/make_hant.py            # the project catalog (src/shequ/locale)
    .venv/bin/python scripts/make_hant.py --all      # also every app's own locale/ dir
    .venv/bin/python scripts/make_hant.py PATH.po …  # these zh_Hans catalogs

Conversion is 's2t' (characters only): the platform's vocabulary is mainland
administrative language (网格员, 身份证号), so Taiwan phrase substitution ('s2twp':
信息→資訊, 查看→檢視) would change the terms. Placeholders (%(name)s, {{ x }}) are ASCII
and pass through unchanged. Run `manage.py compilemessages` afterwards.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "shequ"
PROJECT_CATALOG = SRC / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CONFIG = "s2t"


def hant_path(hans: Path) -> Path:
    parts = list(hans.parts)
    i = len(parts) - 1 - parts[::-1].index("zh_Hans")
    parts[i] = "zh_Hant"
    return Path(*parts)


def convert(hans: Path, converter: opencc.OpenCC) -> Path:
    po = polib.pofile(str(hans), wrapwidth=0)
    out = polib.POFile(wrapwidth=0)
    out.metadata = dict(po.metadata)
    out.metadata["Language"] = "zh_Hant"
    out.header = (f"Shequ — Traditional Chinese catalog, generated from zh_Hans by "
                  f"scripts/make_hant.py (OpenCC {CONFIG}). Do not edit by hand.")
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        new = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural,
            occurrences=entry.occurrences,
            flags=list(entry.flags),
            comment=entry.comment,
        )
        if entry.msgid_plural:
            new.msgstr_plural = {k: converter.convert(v) for k, v in entry.msgstr_plural.items()}
        else:
            new.msgstr = converter.convert(entry.msgstr)
        out.append(new)
    target = hant_path(hans)
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(str(target))
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every zh_Hans catalog under src/shequ")
    args = parser.parse_args(argv)
    if args.all:
        paths = sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/*.po"))
    else:
        paths = args.paths or [PROJECT_CATALOG]
    converter = opencc.OpenCC(CONFIG)
    for hans in paths:
        target = convert(hans, converter)
        print(f"{hans.relative_to(ROOT)} → {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
