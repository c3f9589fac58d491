"""The lifecycles of policies and implementation tasks, as data. No Django here.

A policy is drafted, put in force, and ends (expired or repealed). A task is planned,
started and done (with evidence) — or dropped; "overdue" is not a state but a fact about a
task that is not done by its deadline.
"""

from __future__ import annotations

from innofield.core.errors import Conflict

POLICY: dict[str, dict[str, str]] = {
    "draft": {"enact": "in_force", "withdraw": "withdrawn"},
    "in_force": {"expire": "expired", "repeal": "repealed"},
    "expired": {},
    "repealed": {},
    "withdrawn": {},
}

TASK: dict[str, dict[str, str]] = {
    "planned": {"start": "in_progress", "finish": "done", "drop": "dropped"},
    "in_progress": {"finish": "done", "drop": "dropped"},
    "done": {"reopen": "in_progress"},
    "dropped": {},
}

MACHINES = {"policy": POLICY, "task": TASK}
OPEN_TASK_STATES = ("planned", "in_progress")


def advance(machine: str, state: str, transition: str) -> str:
    """The state after ``transition``; :class:`Conflict` naming what is allowed otherwise."""
    moves = MACHINES[machine][state]
    if transition not in moves:
        allowed = ", ".join(moves) or "nothing (it is final)"
        raise Conflict(f"cannot {transition} a {machine} that is {state.replace('_', ' ')}; "
                       f"allowed: {allowed}")
    return moves[transition]


def transitions(machine: str) -> tuple[str, ...]:
    """Every transition name of ``machine``, each once."""
    seen: dict[str, None] = {}
    for moves in MACHINES[machine].values():
        seen.update(dict.fromkeys(moves))
    return tuple(seen)
