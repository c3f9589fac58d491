"""The lifecycles of policies and implementation tasks, as registered core machines.

A policy is drafted, put in force, and ends (expired or repealed), or is withdrawn as a
draft. A task is planned, started and done (with evidence) — or dropped; "overdue" is not
a state but a fact about a task that is not done by its deadline. An evaluation is queued
(its job submitted), runs, and is done or failed; a failed one may be run again.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

__all__ = [
    "EVALUATION",
    "MACHINES",
    "Machine",
    "OPEN_TASK_STATES",
    "POLICY",
    "TASK",
    "advance",
    "moves",
    "transitions",
]

POLICY = register(
    Machine(
        "policy",
        {
            START: {"draft": "draft"},
            "draft": {"enact": "in_force", "withdraw": "withdrawn"},
            "in_force": {"expire": "expired", "repeal": "repealed"},
            "expired": {},
            "repealed": {},
            "withdrawn": {},
        },
        final=frozenset({"expired", "repealed", "withdrawn"}),
    )
)

TASK = register(
    Machine(
        "policy task",
        {
            START: {"plan": "planned"},
            "planned": {"start": "in_progress", "finish": "done", "drop": "dropped"},
            "in_progress": {"finish": "done", "drop": "dropped"},
            "done": {"reopen": "in_progress", "close": "closed"},
            "closed": {},
            "dropped": {},
        },
        final=frozenset({"closed", "dropped"}),
    )
)

EVALUATION = register(
    Machine(
        "policy evaluation",
        {
            START: {"submit": "queued"},
            "queued": {"start": "running", "fail": "failed"},
            "running": {"finish": "done", "fail": "failed"},
            "failed": {"rerun": "queued"},
            "done": {},
        },
        final=frozenset({"done"}),
    )
)

MACHINES = {"policy": POLICY, "task": TASK, "evaluation": EVALUATION}
OPEN_TASK_STATES = ("planned", "in_progress")


def advance(machine: str, state: str, transition: str) -> str:
    """The state after ``transition``; a 409 naming what is allowed otherwise."""
    return MACHINES[machine].advance(state, transition)


def transitions(machine: str) -> tuple[str, ...]:
    """Every transition name of ``machine`` (creation excluded), each once."""
    return tuple(
        t for t in MACHINES[machine].transitions() if t not in MACHINES[machine].table[START]
    )


def moves(machine: str, state: str) -> tuple[str, ...]:
    """The transitions allowed from ``state``."""
    return MACHINES[machine].allowed(state)
