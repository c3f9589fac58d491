"""The lifecycles of capacity offers and computing jobs, as registered core machines.

An offer is published open and may be withdrawn (capacity already reserved stays
reserved). A job is submitted; an allocation run places it (reserving capacity); its
owner accepts the placement or rejects it (back to the queue); the run is metered
(simulated meter) and settled on the ledger. A job may be cancelled until accepted.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

__all__ = ["JOB", "OFFER", "Machine"]

OFFER = register(
    Machine(
        "computing offer",
        {START: {"publish": "open"}, "open": {"withdraw": "withdrawn"}, "withdrawn": {}},
        final=frozenset({"withdrawn"}),
    )
)

JOB = register(
    Machine(
        "computing job",
        {
            START: {"submit": "submitted"},
            "submitted": {"place": "placed", "cancel": "cancelled"},
            "placed": {"accept": "accepted", "reject": "submitted", "cancel": "cancelled"},
            "accepted": {"meter": "metered"},
            "metered": {"settle": "settled"},
            "settled": {},
            "cancelled": {},
        },
        final=frozenset({"settled", "cancelled"}),
    )
)
