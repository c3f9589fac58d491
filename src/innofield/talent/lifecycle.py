"""The lifecycles of talent demands and profile consent, as registered core machines.

A consultation (an organisation asks for hours of an expert's time) is requested,
accepted by the expert with a fee, and completed by the requester — or declined by the
expert, or cancelled by the requester before it is done.

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
            "billed": {"pay": "done"},
            "done": {},
            "declined": {},
            "cancelled": {},
        },
        final=frozenset({"done", "declined", "cancelled"}),
    )
)
