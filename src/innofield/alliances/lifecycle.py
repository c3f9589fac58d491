"""The lifecycle of a data-access agreement, as a registered core machine.

Modelled on data-space contract negotiation (request → agreement → use), kept to what a
holder and a requester do here: the requester asks (purpose, duration); the holder
agrees or rejects; an agreement ends when it expires or the holder revokes it; the
requester may withdraw a pending request or end an agreement early.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

AGREEMENT = register(
    Machine(
        "data agreement",
        {
            START: {"request": "requested"},
            "requested": {"agree": "agreed", "reject": "rejected", "withdraw": "withdrawn"},
            "agreed": {"revoke": "revoked", "expire": "expired", "terminate": "terminated"},
            "rejected": {},
            "withdrawn": {},
            "revoked": {},
            "expired": {},
            "terminated": {},
        },
        final=frozenset({"rejected", "withdrawn", "revoked", "expired", "terminated"}),
    )
)

#: Who fires which transition: the dataset's holder or the requesting organisation.
HOLDER_MOVES = frozenset({"agree", "reject", "revoke"})
REQUESTER_MOVES = frozenset({"withdraw", "terminate"})
