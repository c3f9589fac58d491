"""Lifecycles as data: the one state-machine shape of every app. Pure Python, no Django.

A :class:`Machine` is a table ``{state: {transition: next_state}}`` whose first row is
the start pseudo-state :data:`START` (its transitions create the object). The table
is the whole truth about a lifecycle:

* :meth:`Machine.advance` looks a transition up and raises :class:`IllegalTransition`
  — a :class:`~innofield.core.errors.Conflict`, so HTTP 409 — naming the machine, the
  current state, the transition asked for and the ones allowed from there;
* :meth:`Machine.check` lists what is wrong with a table (unknown target states, exits
  from final states, states that cannot be reached or cannot finish);
* optional ``handlers`` map a transition to the function that does its work, so an
  action calls :meth:`Machine.fire` instead of an ``if``/``elif`` chain on names.

Apps create their machines with :func:`register`; ``tests/core/test_machines.py``
checks every registered machine, so a new app's lifecycle is checked as soon as its
models module (which names the states as choices) is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import Conflict, gettext

#: The start pseudo-state: the transitions from here create the object.
START = "(new)"

Table = Mapping[str, Mapping[str, str]]


class IllegalTransition(Conflict):
    """A transition that the current state does not allow (HTTP 409)."""

    def __init__(self, machine: str, state: str, transition: str, allowed: tuple[str, ...]):
        self.machine, self.state, self.transition, self.allowed = (
            machine,
            state,
            transition,
            allowed,
        )
        # in the active language (states and transitions are in core.vocabulary's words)
        listed = (
            ", ".join(gettext(a) for a in allowed) if allowed else gettext("none (final state)")
        )
        super().__init__(
            gettext(
                "cannot %(transition)s a %(machine)s in state '%(state)s'; "
                "allowed transitions from '%(state)s': %(allowed)s"
            )
            % {
                "transition": gettext(transition),
                "machine": gettext(machine),
                "state": gettext(state),
                "allowed": listed,
            }
        )


@dataclass(frozen=True)
class Machine:
    """A lifecycle: named states, the transitions between them, and optional handlers.

    ``final`` names the states where the lifecycle ends; when given, :meth:`check`
    verifies that exactly these states have no exits (a state left without exits by
    mistake is then caught). ``handlers`` maps transitions to the functions that
    carry them out (see :meth:`fire`).
    """

    name: str
    table: Table
    final: frozenset[str] | None = None
    handlers: Mapping[str, Callable[..., Any]] = field(default_factory=dict)

    def states(self) -> tuple[str, ...]:
        """Every real state, in table order (without the start pseudo-state)."""
        return tuple(s for s in self.table if s != START)

    def transitions(self) -> tuple[str, ...]:
        """Every transition name, each once, in table order."""
        seen: dict[str, None] = {}
        for moves in self.table.values():
            seen.update(dict.fromkeys(moves))
        return tuple(seen)

    def allowed(self, state: str) -> tuple[str, ...]:
        """The transitions allowed from ``state``, in table order."""
        return tuple(self.table.get(state, {}))

    def can(self, state: str, transition: str) -> bool:
        """True if ``transition`` is allowed from ``state``."""
        return transition in self.table.get(state, {})

    def advance(self, state: str, transition: str) -> str:
        """The state after ``transition`` from ``state``; :class:`IllegalTransition` if not
        allowed (also for a state or transition the table does not know)."""
        moves = self.table.get(state, {})
        if transition not in moves:
            raise IllegalTransition(self.name, state, transition, tuple(moves))
        return moves[transition]

    def start(self, transition: str) -> str:
        """The first state of an object created by ``transition``."""
        return self.advance(START, transition)

    def final_states(self) -> frozenset[str]:
        """The states with no exits."""
        return frozenset(s for s in self.states() if not self.table[s])

    def fire(self, state: str, transition: str, *args: Any, **kwargs: Any) -> tuple[str, Any]:
        """Check ``transition`` from ``state``, run its handler with the other arguments
        and return ``(next_state, handler's result)``; a transition without handler
        just moves."""
        target = self.advance(state, transition)
        handler = self.handlers.get(transition)
        return target, (handler(*args, **kwargs) if handler is not None else None)

    def check(self) -> list[str]:
        """What is wrong with the table, one sentence per problem; empty if consistent."""
        problems: list[str] = []
        where = f"machine {self.name!r}"
        if not self.table.get(START):
            problems.append(f"{where}: the start state {START!r} has no transitions")
        for state, moves in self.table.items():
            for transition, target in moves.items():
                if target == START or target not in self.table:
                    problems.append(
                        f"{where}: {state} --{transition}--> {target!r}, which is not a state"
                    )
        if self.final is not None:
            for state in sorted(self.final - set(self.states())):
                problems.append(f"{where}: final state {state!r} is not in the table")
            for state in sorted(self.final & set(self.states())):
                if self.table[state]:
                    exits = ", ".join(self.table[state])
                    problems.append(f"{where}: final state {state!r} has exits ({exits})")
            for state in sorted(self.final_states() - self.final):
                problems.append(f"{where}: {state!r} has no exits but is not declared final")
        reachable = _closure([START], lambda s: self.table.get(s, {}).values())
        for state in self.states():
            if state not in reachable:
                problems.append(f"{where}: state {state!r} cannot be reached from {START!r}")
        ends = self.final if self.final is not None else self.final_states()
        for state in self.states():
            if not ends & _closure([state], lambda s: self.table.get(s, {}).values()):
                problems.append(f"{where}: from state {state!r} no final state can be reached")
        for transition in sorted(set(self.handlers) - set(self.transitions())):
            problems.append(f"{where}: handler for unknown transition {transition!r}")
        return problems


def _closure(seeds: Iterable[str], step: Callable[[str], Iterable[str]]) -> set[str]:
    """Every state reachable from ``seeds`` (the seeds included)."""
    seen = set(seeds)
    todo = list(seen)
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


_REGISTRY: dict[str, Machine] = {}


def register(machine: Machine) -> Machine:
    """Add ``machine`` to the registry that the consistency test walks; returns it.

    Registering the same table twice under one name is harmless; a different machine
    under a name already taken raises ``ValueError``.
    """
    known = _REGISTRY.get(machine.name)
    if known is not None and (known.table, known.final) != (machine.table, machine.final):
        raise ValueError(f"a different state machine is already registered as {machine.name!r}")
    _REGISTRY[machine.name] = machine
    return machine


def registered() -> dict[str, Machine]:
    """The registered machines by name."""
    return dict(sorted(_REGISTRY.items()))
