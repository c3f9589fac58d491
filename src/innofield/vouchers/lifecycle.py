"""The voucher lifecycles as data (:class:`innofield.core.machine.Machine`). No Django.

A grant is active until it expires (what is left returns to the budget); a redemption is
paid when made and may be clawed back once; a programme and a credit line are open until
closed.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

GRANT = register(
    Machine(
        "voucher grant",
        {START: {"grant": "active"}, "active": {"expire": "expired"}, "expired": {}},
        final=frozenset({"expired"}),
    )
)

REDEMPTION = register(
    Machine(
        "voucher redemption",
        {
            START: {"redeem": "paid"},
            "paid": {"claw_back": "clawed_back"},
            "clawed_back": {},
        },
        final=frozenset({"clawed_back"}),
    )
)

PROGRAMME = register(
    Machine(
        "voucher programme",
        {START: {"open": "open"}, "open": {"close": "closed"}, "closed": {}},
        final=frozenset({"closed"}),
    )
)

CREDIT_LINE = register(
    Machine(
        "credit line",
        {START: {"open": "open"}, "open": {"close": "closed"}, "closed": {}},
        final=frozenset({"closed"}),
    )
)
