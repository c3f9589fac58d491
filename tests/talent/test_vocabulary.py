"""The values talent pages translate at run time are named in ``core.vocabulary``."""

from __future__ import annotations

from innofield.core.vocabulary import WORDS
from innofield.talent.actions import KINDS
from innofield.talent.lifecycle import CONSENT, CONSULTATION, DEMAND


def test_states_transitions_and_kinds_are_in_the_vocabulary() -> None:
    for machine in (CONSENT, CONSULTATION, DEMAND):
        missing = (set(machine.states()) | set(machine.transitions())) - set(WORDS)
        assert not missing, (machine.name, sorted(missing))
    assert set(KINDS) <= set(WORDS)
