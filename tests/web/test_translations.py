"""The Chinese interface is complete: a catalogue check. Every string the templates and
the code mark for translation is in the zh_Hans catalogue and translated (no fuzzy
guesses), the compiled catalogue matches it, and every value pages translate at run time
(states and transitions of every lifecycle) is named in ``core.vocabulary``."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "innofield"
PO = SRC / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
LITERAL = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_every_entry_is_translated(catalogue: polib.POFile) -> None:
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert not missing, f"untranslated (run scripts/translate_zh.py): {missing[:20]}"
    assert not fuzzy, f"fuzzy guesses left: {fuzzy[:20]}"


def test_the_compiled_catalogue_is_current(catalogue: polib.POFile) -> None:
    compiled = {
        e.msgid: e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.mofile(str(PO.with_suffix(".mo")))
    }
    stale = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and e.translated()
        and compiled.get(e.msgid) != (e.msgstr or e.msgstr_plural.get(0, ""))
    ]
    assert not stale, f"django.mo is older than django.po: {stale[:10]}"


def test_every_template_string_is_in_the_catalogue(catalogue: polib.POFile) -> None:
    known = {e.msgid.replace("%%", "%") for e in catalogue}  # templates' % is %% there
    absent = sorted(
        {
            m.group(2)
            for path in SRC.rglob("*.html")
            for m in LITERAL.finditer(path.read_text(encoding="utf-8"))
        }
        - known
    )
    assert not absent, f"run makemessages and translate: {absent[:20]}"


def test_the_vocabulary_names_every_state_and_transition(catalogue: polib.POFile) -> None:
    from innofield.core.machine import registered
    from innofield.core.vocabulary import WORDS

    words = set(WORDS)
    for machine in registered().values():
        missing = (set(machine.states()) | set(machine.transitions())) - words
        assert not missing, f"{machine.name}: add to core.vocabulary: {sorted(missing)}"
    translated = {e.msgid for e in catalogue if e.translated()}
    assert words <= translated, sorted(words - translated)[:20]


def test_dates_are_written_the_chinese_way_in_chinese() -> None:
    """The project's zh_Hans formats module (``FORMAT_MODULE_PATH``): 2026年12月7日 星期一."""
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    day = dt.date(2026, 12, 7)
    page = Template('{{ d|date }} · {{ t|date:"DATETIME_FORMAT" }}')
    moment = dt.datetime(2026, 12, 7, 9, 30)
    with translation.override("zh-hans"):
        assert page.render(Context({"d": day, "t": moment})) == (
            "2026年12月7日 星期一 · 2026年12月7日 星期一 09:30"
        )
    with translation.override("en"):
        assert page.render(Context({"d": day, "t": moment})).startswith("Dec. 7, 2026")
