"""The job state machine, as data. No Django here.

queued → (start) → running → succeeded or failed; a failed attempt that may be retried goes
back to queued; queued and running jobs may be cancelled (a running job stops at its next
progress report).
"""

from __future__ import annotations

from innofield.core.errors import Conflict
from innofield.core.machine import START, Machine, register

QUEUED = "queued"
RUNNING = "running"
SUCCEEDED = "succeeded"
FAILED = "failed"
CANCELLED = "cancelled"
STATES = (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)
#: States a job never leaves.
FINAL = (SUCCEEDED, FAILED, CANCELLED)

#: event → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "start": ((QUEUED,), RUNNING),
    "succeed": ((RUNNING,), SUCCEEDED),
    "retry": ((RUNNING,), QUEUED),
    "fail": ((QUEUED, RUNNING), FAILED),
    "cancel": ((QUEUED, RUNNING), CANCELLED),
}


#: The same table as a registered core machine (checked with every other lifecycle).
MACHINE = register(
    Machine(
        "job",
        {
            START: {"submit": QUEUED},
            **{
                state: {
                    event: target
                    for event, (sources, target) in TRANSITIONS.items()
                    if state in sources
                }
                for state in STATES
            },
        },
        final=frozenset(FINAL),
    )
)


def next_state(current: str, event: str) -> str:
    """The state after ``event``; :class:`Conflict` (409) if ``event`` is not allowed now."""
    if event not in TRANSITIONS:
        raise ValueError(f"unknown job event {event!r}")
    sources, target = TRANSITIONS[event]
    if current not in sources:
        raise Conflict(f"cannot {event} a job that is {current}; it must be {' or '.join(sources)}")
    return target


def is_final(state: str) -> bool:
    """True once a job has finished one way or another."""
    return state in FINAL
