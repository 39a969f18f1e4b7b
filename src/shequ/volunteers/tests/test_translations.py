"""Every English msgid of the volunteers, members, campaigns and courses apps has a
Simplified Chinese translation in the app's own catalog, with the same placeholders."""

import re
from pathlib import Path

import polib
import pytest

from shequ.web.tests.test_translations import (
    _catalog,
    _skipped,
    msgids_in_python,
    msgids_in_template,
)

SRC = Path(__file__).resolve().parents[2]
APPS = ["volunteers", "members", "campaigns", "courses"]


def catalog_path(app: str) -> Path:
    return SRC / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def msgids(app: str) -> dict:
    where = {}
    for path in sorted((SRC / app).rglob("*.py")):
        if not _skipped(path):
            for key in msgids_in_python(path)[0]:
                where.setdefault(key, str(path.relative_to(SRC)))
    for path in sorted((SRC / app / "templates").rglob("*.html")):
        for key in msgids_in_template(path):
            where.setdefault(key, str(path.relative_to(SRC)))
    return where


@pytest.mark.parametrize("app", APPS)
def test_every_msgid_has_a_simplified_chinese_translation(app):
    catalog = _catalog(catalog_path(app))
    found = msgids(app)
    missing = sorted(f"{where}: {msgid!r}" for (ctx, msgid), where in found.items()
                     if not catalog.get((ctx, msgid), "").strip())
    assert found and not missing, "\n".join(missing)


@pytest.mark.parametrize("app", APPS)
def test_no_fstrings_inside_gettext(app):
    problems = [p for path in sorted((SRC / app).rglob("*.py")) if not _skipped(path)
                for p in msgids_in_python(path)[1]]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("app", APPS)
def test_translations_keep_their_placeholders(app):
    wrong = []
    for e in polib.pofile(str(catalog_path(app))):
        if e.obsolete or not e.translated():
            continue
        text = e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr
        if sorted(re.findall(r"%\(\w+\)[sd]", e.msgid)) != sorted(
                re.findall(r"%\(\w+\)[sd]", text)):
            wrong.append(f"{e.msgid!r} → {text!r}")
    assert not wrong, "\n".join(wrong)
