"""The technology market's state machines as data: pure Python, no Django.

Three machines drive a trade:

* a **listing** (the seller's offer of a technology) is drafted, published,
  possibly opened for bidding (auction or tender), awarded to one buyer and
  finally closed — or withdrawn;
* a **deal** (one buyer's path to a contract) runs inquiry → negotiation →
  agreed → signed contract → registered → completed;
* a **milestone** of a contract is planned, falls due and is paid.

Each machine is a table ``{state: {transition: next_state}}`` registered as an
:class:`innofield.core.machine.Machine`; :func:`advance` looks a transition up and
raises :class:`IllegalTransition` (a 409 Conflict) naming the current state, the
requested transition and the ones that are allowed. Which party of a deal may fire
which transition is data too (:data:`DEAL_PARTIES`).
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register
from innofield.core.machine import IllegalTransition as IllegalTransition  # re-exported

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

#: A cross-border technology import/export contract (one per deal): filed as a draft,
#: then submitted — registered directly (free export, import), referred to a government
#: officer (restricted export, unknown catalogue code) or refused (prohibited export).
CROSS_BORDER: dict[str, dict[str, str]] = {
    START: {"file": "draft"},
    "draft": {"register": "registered", "refer": "under_review", "refuse": "refused"},
    "under_review": {"approve": "registered", "refuse": "refused"},
    "registered": {},
    "refused": {},
}

MACHINES: dict[str, dict[str, dict[str, str]]] = {
    "listing": LISTING,
    "deal": DEAL,
    "milestone": MILESTONE,
    "objection": OBJECTION,
    "cross_border": CROSS_BORDER,
}

#: The final states of each table (checked: exactly the states without exits).
FINAL: dict[str, frozenset[str]] = {
    "listing": frozenset({"closed", "withdrawn"}),
    "deal": frozenset({"completed", "declined", "withdrawn", "terminated"}),
    "milestone": frozenset({"paid", "cancelled"}),
    "objection": frozenset({"dismissed", "upheld"}),
    "cross_border": frozenset({"registered", "refused"}),
}

#: The tables as registered :class:`Machine` objects, by name.
MACHINE_OF: dict[str, Machine] = {
    name: register(Machine(name, table, final=FINAL[name])) for name, table in MACHINES.items()
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


def allowed(machine: str, state: str) -> tuple[str, ...]:
    """The transitions allowed from ``state`` of ``machine``, in table order."""
    return MACHINE_OF[machine].allowed(state)


def advance(machine: str, state: str, transition: str) -> str:
    """The state after ``transition`` from ``state``; raises :class:`IllegalTransition`."""
    return MACHINE_OF[machine].advance(state, transition)


def states(machine: str) -> tuple[str, ...]:
    """All real states of ``machine`` (without the start pseudo-state)."""
    return MACHINE_OF[machine].states()


def transitions(machine: str) -> tuple[str, ...]:
    """Every transition name of ``machine``, each once."""
    return MACHINE_OF[machine].transitions()
