"""The lifecycles of talent demands and profile consent, as registered core machines.

A consultation (an organisation asks for hours of an expert's time) is requested,
accepted by the expert with a fee, and completed by the requester — or declined by the
expert, or cancelled by the requester before it is done. A billed one is paid (done) or
waived by the expert; a done one is reopened (billed) when a voucher's share of its fee is
clawed back, that share being due again.

A talent demand is opened, and closed (filled or abandoned) — it may be reopened before
it is archived. A profile is private until its person consents to publication; consent
can be withdrawn (private again) and given anew.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

__all__ = ["CONSENT", "CONSULTATION", "DEMAND", "Machine"]

DEMAND = register(
    Machine(
        "talent demand",
        {
            START: {"open": "open"},
            "open": {"fill": "filled", "close": "closed"},
            "filled": {"reopen": "open", "archive": "archived"},
            "closed": {"reopen": "open", "archive": "archived"},
            "archived": {},
        },
        final=frozenset({"archived"}),
    )
)

CONSENT = register(
    Machine(
        "talent profile consent",
        {
            START: {"create": "private"},
            "private": {"consent": "published", "erase": "erased"},
            "published": {"consent": "published", "withdraw": "private"},
            "erased": {},
        },
        final=frozenset({"erased"}),
    )
)

CONSULTATION = register(
    Machine(
        "expert consultation",
        {
            START: {"request": "requested"},
            "requested": {"accept": "accepted", "decline": "declined", "cancel": "cancelled"},
            "accepted": {"complete": "done", "bill": "billed", "cancel": "cancelled"},
            "billed": {"pay": "done", "waive": "waived"},
            # a voucher's share clawed back from the expert's organisation is due again
            "done": {"reopen": "billed"},
            "waived": {},
            "declined": {},
            "cancelled": {},
        },
        final=frozenset({"waived", "declined", "cancelled"}),
    )
)
