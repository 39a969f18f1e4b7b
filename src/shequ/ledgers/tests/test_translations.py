"""Every English msgid of the ledgers app — code and templates — has a Simplified Chinese
translation in the app's catalog or the project's, so a forgotten one fails here instead
of showing English to a resident."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

APP = Path(__file__).resolve().parents[1]
CATALOGS = [APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
            APP.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"]
GETTEXT = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
           "pgettext_lazy"}
_CALL = re.compile(r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)")


def _skipped(path: Path) -> bool:
    return bool({"tests", "migrations", "__pycache__"} & set(path.parts))


def _python_msgids(path: Path) -> set[tuple[str | None, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    aliases = {a.asname or a.name: a.name for node in ast.walk(tree)
               if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
               for a in node.names if a.name in GETTEXT}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            func = aliases.get(node.func.id)
            args = [a.value for a in node.args[:2]
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if func and args:
                found.add((args[0], args[1]) if func.startswith("pgettext") and len(args) > 1
                          else (None, args[0]))
    return found


def _template_msgids(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for func, raw in _CALL.findall(templatize(path.read_text(), origin=str(path))):
        args = list(ast.literal_eval("(" + raw.rstrip().rstrip(",") + ",)"))
        found.add((args[0], args[1]) if func.startswith("pgettext") else (None, args[0]))
    return found


def _translated() -> set[tuple[str | None, str]]:
    out = set()
    for path in CATALOGS:
        for e in polib.pofile(str(path)):
            text = e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr
            if not e.obsolete and "fuzzy" not in e.flags and text.strip():
                out.add((e.msgctxt, e.msgid))
    return out


def test_every_ledgers_msgid_has_a_chinese_translation():
    # given every string marked for translation in the app
    found: dict[tuple[str | None, str], str] = {}
    for path in sorted(APP.rglob("*.py")):
        if not _skipped(path):
            for key in _python_msgids(path):
                found.setdefault(key, str(path.relative_to(APP)))
    for path in sorted((APP / "templates").rglob("*.html")):
        for key in _template_msgids(path):
            found.setdefault(key, str(path.relative_to(APP)))
    assert (None, "Report a problem") in found and (None, "Reporter phone") in found
    # when compared with the catalogs
    translated = _translated()
    missing = sorted(f"{where}: {msgid!r}" for (ctx, msgid), where in found.items()
                     if (ctx, msgid) not in translated)
    # then none is missing
    assert not missing, "\n".join(missing)
