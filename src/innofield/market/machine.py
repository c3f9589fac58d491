"""The technology market's state machines as data: pure Python, no Django.

Three machines drive a trade:

* a **listing** (the seller's offer of a technology) is drafted, published,
  possibly opened for bidding (auction or tender), awarded to one buyer and
  finally closed — or withdrawn;
* a **deal** (one buyer's path to a contract) runs inquiry → negotiation →
  agreed → signed contract → registered → completed;
* a **milestone** of a contract is planned, falls due and is paid.

Each machine is a table ``{state: {transition: next_state}}``; :func:`advance`
looks a transition up and raises :class:`IllegalTransition` naming the current
state, the requested transition and the ones that are allowed. Which party of a
deal may fire which transition is data too (:data:`DEAL_PARTIES`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The start pseudo-state: transitions from here create the object.
START = "(new)"

LISTING: dict[str, dict[str, str]] = {
    START: {"draft": "draft"},
    "draft": {"publish": "open", "withdraw": "withdrawn"},
    "open": {"open_bidding": "bidding", "award": "awarded", "withdraw": "withdrawn"},
    "bidding": {"close_bidding": "awarded", "fail_bidding": "unsold", "withdraw": "withdrawn"},
    "unsold": {"relist": "open", "withdraw": "withdrawn"},
    "awarded": {"release": "open", "close": "closed"},
    "closed": {},
    "withdrawn": {},
}

DEAL: dict[str, dict[str, str]] = {
    START: {"inquire": "inquiry", "win": "agreed"},
    "inquiry": {"negotiate": "negotiation", "decline": "declined", "withdraw": "withdrawn"},
    "negotiation": {"agree": "agreed", "decline": "declined", "withdraw": "withdrawn"},
    "agreed": {
        "sign": "signed",
        "reopen": "negotiation",
        "decline": "declined",
        "withdraw": "withdrawn",
    },
    "signed": {"register": "registered", "terminate": "terminated"},
    "registered": {"complete": "completed", "terminate": "terminated"},
    "completed": {},
    "declined": {},
    "withdrawn": {},
    "terminated": {},
}

MILESTONE: dict[str, dict[str, str]] = {
    START: {"plan": "planned"},
    "planned": {"fall_due": "due", "cancel": "cancelled"},
    "due": {"pay": "paid", "cancel": "cancelled"},
    "paid": {},
    "cancelled": {},
}

OBJECTION: dict[str, dict[str, str]] = {
    START: {"raise": "open"},
    "open": {"dismiss": "dismissed", "uphold": "upheld"},
    "dismissed": {},
    "upheld": {},
}

MACHINES: dict[str, dict[str, dict[str, str]]] = {
    "listing": LISTING,
    "deal": DEAL,
    "milestone": MILESTONE,
    "objection": OBJECTION,
}

SELLER, BUYER, BROKER = "seller", "buyer", "broker"

#: Which parties of a deal may fire each deal or milestone transition.
DEAL_PARTIES: dict[str, frozenset[str]] = {
    "negotiate": frozenset({SELLER, BROKER}),
    "decline": frozenset({SELLER, BROKER}),
    "withdraw": frozenset({BUYER, BROKER}),
    "agree": frozenset({SELLER, BROKER}),
    "reopen": frozenset({SELLER, BUYER, BROKER}),
    "sign": frozenset({SELLER, BUYER}),  # each party signs for itself; both → signed
    "register": frozenset({SELLER, BROKER}),
    "complete": frozenset({SELLER, BROKER}),
    "terminate": frozenset({SELLER, BUYER, BROKER}),
    "plan": frozenset({SELLER, BUYER, BROKER}),
    "fall_due": frozenset({SELLER, BROKER}),
    "pay": frozenset({BUYER, BROKER}),
    "cancel": frozenset({SELLER, BROKER}),
}

#: Deal states in which the contract is binding (signed and not ended badly).
CONTRACTED = frozenset({"signed", "registered", "completed"})
#: Deal states that are over.
FINAL_DEAL_STATES = frozenset(s for s, moves in DEAL.items() if not moves)


@dataclass(frozen=True)
class IllegalTransition(Exception):
    """A transition that the current state does not allow."""

    machine: str
    state: str
    transition: str
    allowed: tuple[str, ...]

    def __str__(self) -> str:
        allowed = ", ".join(self.allowed) if self.allowed else "none (final state)"
        return (
            f"cannot {self.transition} a {self.machine} in state '{self.state}'; "
            f"allowed transitions from '{self.state}': {allowed}"
        )


def allowed(machine: str, state: str) -> tuple[str, ...]:
    """The transitions allowed from ``state`` of ``machine``, in table order."""
    return tuple(MACHINES[machine].get(state, {}))


def advance(machine: str, state: str, transition: str) -> str:
    """The state after ``transition`` from ``state``; raises :class:`IllegalTransition`."""
    table = MACHINES[machine]
    moves = table.get(state, {})
    if transition not in moves:
        raise IllegalTransition(machine, state, transition, tuple(moves))
    return moves[transition]


def states(machine: str) -> tuple[str, ...]:
    """All real states of ``machine`` (without the start pseudo-state)."""
    return tuple(s for s in MACHINES[machine] if s != START)


def transitions(machine: str) -> tuple[str, ...]:
    """Every transition name of ``machine``, each once."""
    seen: dict[str, None] = {}
    for moves in MACHINES[machine].values():
        seen.update(dict.fromkeys(moves))
    return tuple(seen)
