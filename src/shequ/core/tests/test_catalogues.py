"""Django merges every app's catalogue into one per language, so a msgid two apps translate
differently gets one app's text everywhere ("Open" read 未结 on a resolution that should
read 待落实). The same msgid (without a context, or with the same context) must have the
same translation in every catalogue of a language; where apps mean different things they
say so with ``pgettext`` and a ``msgctxt``."""

from collections import defaultdict
from pathlib import Path

import polib

SRC = Path(__file__).resolve().parents[2]


def collisions(paths, root: Path = SRC) -> list[str]:
    """``(context, msgid)`` pairs translated differently, each with who says what."""
    texts: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in paths:
        app = path.relative_to(root).parts[0]
        for entry in polib.pofile(str(path)):
            if entry.translated() and not entry.obsolete:
                texts[(entry.msgctxt, entry.msgid)][entry.msgstr].add(app)
    return [f"{key}: " + "; ".join(f"{text} ({', '.join(sorted(apps))})"
                                   for text, apps in sorted(by_text.items()))
            for key, by_text in sorted(texts.items(), key=lambda kv: str(kv[0]))
            if len(by_text) > 1]


def test_no_two_catalogues_translate_the_same_msgid_differently():
    by_language = defaultdict(list)
    for path in sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po")):
        by_language[path.parts[-3]].append(path)
    assert by_language["zh_Hans"], "no catalogue found"
    for language, paths in by_language.items():
        found = collisions(paths)
        assert not found, f"{language}:\n" + "\n".join(found)


def test_the_check_finds_a_collision(tmp_path):
    """The check itself: two apps translating "Open" differently are named."""
    for app, text in (("ledgers", "未结"), ("deliberation", "待落实")):
        folder = tmp_path / app
        folder.mkdir()
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Open", msgstr=text))
        po.append(polib.POEntry(msgid="Open", msgctxt=app, msgstr=app))
        po.save(str(folder / "django.po"))
    found = collisions(sorted(tmp_path.glob("*/django.po")), root=tmp_path)
    assert found == ["(None, 'Open'): 待落实 (deliberation); 未结 (ledgers)"]
