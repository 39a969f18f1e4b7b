"""Every English msgid of every app has a Simplified Chinese translation (in the project
catalog or the app's own), so a forgotten translation fails CI instead of showing English to
users; Traditional Chinese is derived from it when the catalogs are compiled."""

from __future__ import annotations

import ast
import functools
import io
import re
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

SRC = Path(__file__).resolve().parents[2]  # src/shequ
# Three tests scan every source file; parsed once per worker (the module is one xdist group),
# the scan is done once instead of three times.
pytestmark = pytest.mark.xdist_group("translations-scan")
CATALOG = SRC / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CATALOGS = sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
# Django merges every app's catalog with the project's, so a msgid may live in either.
PROJECT_APPS = sorted(p.parent.name for p in SRC.glob("*/apps.py"))
GETTEXT_NAMES = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
                 "pgettext_lazy", "npgettext", "npgettext_lazy", "gettext_noop"}


def _skipped(path: Path) -> bool:
    return bool({"tests", "migrations", "__pycache__"} & set(path.parts))


def python_files() -> list[Path]:
    return sorted(p for app in PROJECT_APPS for p in (SRC / app).rglob("*.py") if not _skipped(p))


def template_files() -> list[Path]:
    dirs = [SRC / "templates"] + [SRC / app / "templates" for app in PROJECT_APPS]
    return sorted(p for d in dirs if d.exists() for p in d.rglob("*.html"))


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local names bound to django.utils.translation functions (``gettext_lazy as _``)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in GETTEXT_NAMES:
                    names[alias.asname or alias.name] = alias.name
    return names


def _key(func: str, args: list[str]) -> tuple[str | None, str]:
    """(context, msgid) from the string arguments of a gettext-family call."""
    if func.startswith(("pgettext", "npgettext")):
        return args[0], args[1]
    return None, args[0]


@functools.cache
def msgids_in_python(path: Path) -> tuple[frozenset, tuple[str, ...]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    aliases = _aliases(tree)
    found, problems = set(), []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        func = aliases.get(node.func.id)
        if func is None or not node.args:
            continue
        strings = []
        for arg in node.args[:3 if func.startswith("np") else 2]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                strings.append(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                problems.append(f"{path.relative_to(SRC)}:{node.lineno}: f-string in {func}()")
        if strings:
            found.add(_key(func, strings))
    return frozenset(found), tuple(problems)


_CALL = re.compile(r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)")


@functools.cache
def msgids_in_template(path: Path) -> frozenset:
    source = templatize(path.read_text(), origin=str(path))
    found = set()
    for func, raw in _CALL.findall(source):
        args = list(ast.literal_eval("(" + raw.rstrip().rstrip(",") + ",)"))
        found.add(_key(func, args))
    return frozenset(found)


def _catalog(*paths: Path) -> dict[tuple[str | None, str], str]:
    out = {}
    for path in paths:
        for e in polib.pofile(str(path)):
            if e.obsolete or "fuzzy" in e.flags:
                continue
            text = e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr
            if text.strip():
                out[(e.msgctxt, e.msgid)] = text
    return out


def all_msgids() -> dict[tuple[str | None, str], str]:
    where = {}
    for path in python_files():
        for key in msgids_in_python(path)[0]:
            where.setdefault(key, str(path.relative_to(SRC)))
    for path in template_files():
        for key in msgids_in_template(path):
            where.setdefault(key, str(path.relative_to(SRC)))
    return where


def test_the_scanner_finds_strings_in_code_and_templates():
    # given / when
    found = all_msgids()
    # then: known strings from a model, a service, a template and a blocktranslate plural
    assert (None, "Grid worker") in found
    assert (None, "Say why you need to see this (at least 2 characters).") in found
    assert (None, "Sign in to Shequ") in found
    assert (None, "%(shown)s resident") in found
    assert (None, "Hello, %(name)s") in found


def test_every_msgid_has_a_simplified_chinese_translation():
    # given
    catalog = _catalog(*CATALOGS)
    # when
    missing = sorted(f"{where}: {msgid!r}" for (ctx, msgid), where in all_msgids().items()
                     if not catalog.get((ctx, msgid), "").strip())
    # then
    assert not missing, (
        f"{len(missing)} msgid(s) lack a zh_Hans translation (project or app catalog):\n"
        + "\n".join(missing)
    )


def test_no_fstrings_inside_gettext():
    problems = [p for path in python_files() for p in msgids_in_python(path)[1]]
    assert not problems, "\n".join(problems)


def test_traditional_chinese_is_derived_from_simplified_when_compiling():
    # given: compiled catalogs (make runs this before the tests; here it is a no-op or a
    # refresh) and a fresh translation cache
    call_command("compilemessages", stdout=io.StringIO())
    trans_real._translations = {}
    trans_real._default = None
    # when / then: project and app strings in Traditional characters
    with translation.override("zh-hant"):
        assert translation.gettext("Home") == "首頁"
        assert translation.gettext("Residents") == "居民"
    with translation.override("zh-hans"):
        assert translation.gettext("Home") == "首页"


@pytest.mark.parametrize("placeholder", [r"%\(\w+\)[sd]"])
def test_translations_keep_their_placeholders(placeholder):
    wrong = []
    for e in (e for path in CATALOGS for e in polib.pofile(str(path))):
        if e.obsolete or not e.translated():
            continue
        text = e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr
        if sorted(re.findall(placeholder, e.msgid)) != sorted(re.findall(placeholder, text)):
            wrong.append(f"{e.msgid!r} → {text!r}")
    assert not wrong, "\n".join(wrong)
