"""Message catalogues: German, Turkish and Arabic complete, one text per message id across all apps
(Django merges the app catalogues, so a clash would show one app's wording in another), the same
placeholders as the English message id, and compiled. English needs no catalogue text: the message
ids are English."""

import re
from collections import defaultdict
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["de", "tr", "ar"]


def catalogues(language):
    return [
        ROOT / f"locale/{language}/LC_MESSAGES/django.po",
        *sorted(ROOT.glob(f"apps/*/locale/{language}/LC_MESSAGES/django.po")),
    ]


def entries(language):
    for path in catalogues(language):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path.relative_to(ROOT), entry


def texts(entry):
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def test_every_app_has_a_catalogue_for_every_language():
    for language in LANGUAGES:
        missing = [
            str(app.relative_to(ROOT))
            for app in ROOT.glob("apps/*/locale")
            if not (app / language / "LC_MESSAGES/django.po").exists()
        ]
        assert not missing, f"{language}: run 'make messages' ({missing})"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    """Empty or fuzzy entries show English (or a wrong earlier text) on the page."""
    missing = [
        f"{path}: {entry.msgid!r}"
        for path, entry in entries(language)
        if "fuzzy" in entry.flags or not all(text.strip() for text in texts(entry))
    ]
    assert not missing, missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_message_has_the_same_text_in_every_app(language):
    found = defaultdict(dict)
    for path, entry in entries(language):
        found[(entry.msgctxt, entry.msgid)][str(path)] = str(texts(entry))
    clashes = {key: value for key, value in found.items() if len(set(value.values())) > 1}
    assert not clashes, clashes


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def placeholders(text):
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    """A placeholder the English text lacks breaks the page (KeyError); a missing one loses data."""
    wrong = []
    for path, entry in entries(language):
        wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for text in texts(entry):
            got = placeholders(text)
            if got - wanted or (not entry.msgid_plural and got != wanted):
                wrong.append(f"{path}: {entry.msgid!r} -> {text!r}")
    assert not wrong, wrong


def messages(catalogue) -> dict:
    """What a compiled catalogue holds: the translated, non-fuzzy messages."""
    result = {}
    for entry in catalogue:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            if all(forms):
                result[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        elif entry.msgstr:
            result[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    return result


def test_compiled_catalogues_match_their_sources():
    """Each committed .mo holds exactly what its .po says (content, not file dates, which a
    fresh clone resets): a changed text that was not compiled fails here."""
    stale = []
    for source in sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")) + sorted(
        ROOT.glob("apps/*/locale/*/LC_MESSAGES/django.po")
    ):
        compiled = source.with_suffix(".mo")
        po = polib.pofile(str(source))
        mo = polib.mofile(str(compiled)) if compiled.exists() else []
        plural_forms = getattr(mo, "metadata", {}).get("Plural-Forms")
        if messages(po) != messages(mo) or plural_forms != po.metadata.get("Plural-Forms"):
            stale.append(str(source.relative_to(ROOT)))
    assert not stale, f"run 'make messages' to compile: {stale}"


TRANSLATING_CALLS = {"gettext", "ngettext", "pgettext", "npgettext", "gettext_lazy", "ngettext_lazy", "_"}


def test_no_translation_call_sits_inside_an_f_string():
    """xgettext (``make messages``) does not read the expressions of an f-string: a message used only
    there is dropped from the catalogues on their next rebuild, and the page falls back to English.
    Translate first, into a name, and put the name in the f-string."""
    import ast

    found = []
    for path in sorted([*ROOT.glob("apps/**/*.py"), *ROOT.glob("kiezportal/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "id", getattr(inner.func, "attr", None)) in (
                        TRANSLATING_CALLS
                    ):
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not found, found
