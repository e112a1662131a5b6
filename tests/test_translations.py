"""German catalogues: complete, and one German text per message id across all apps
(Django merges the app catalogues, so a clash would show one app's wording in another)."""

from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [ROOT / "locale/de/LC_MESSAGES/django.po", *sorted(ROOT.glob("apps/*/locale/de/LC_MESSAGES/django.po"))]


def entries():
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path.relative_to(ROOT), entry


def test_every_german_message_is_translated():
    missing = [
        f"{path}: {entry.msgid!r}"
        for path, entry in entries()
        if "fuzzy" in entry.flags or not (entry.msgstr or all(entry.msgstr_plural.values()))
    ]
    assert not missing, missing


def test_a_message_has_the_same_german_text_in_every_app():
    texts = defaultdict(dict)
    for path, entry in entries():
        texts[(entry.msgctxt, entry.msgid)][str(path)] = entry.msgstr or str(entry.msgstr_plural)
    clashes = {key: value for key, value in texts.items() if len(set(value.values())) > 1}
    assert not clashes, clashes


def test_compiled_catalogues_are_up_to_date():
    stale = [str(path) for path in CATALOGUES if path.with_suffix(".mo").stat().st_mtime < path.stat().st_mtime - 1]
    assert not stale, f"run 'make messages' to compile: {stale}"
