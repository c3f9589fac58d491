"""The lifecycles of alliances, memberships, joint projects and their milestones, as
registered core machines.

* An alliance is founded and may be dissolved.
* A membership is applied for and approved or rejected by the alliance's lead; a member
  may withdraw or be expelled. The lead's own membership is created by ``found``.
* A joint project is drafted (consortium, budgets, work packages, IP agreement), started,
  and completed or cancelled (the escrow's rest goes back to the funders).
* A milestone is planned, its deliverables submitted with evidence, accepted or rejected
  by the lead (a rejected one is submitted again), and an accepted one is paid from the
  project's escrow to the partners by their budget shares; a milestone not yet accepted
  may be dropped.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

__all__ = ["ALLIANCE", "MEMBERSHIP", "MILESTONE", "PROJECT", "Machine"]

ALLIANCE = register(
    Machine(
        "organisation alliance",
        {START: {"found": "active"}, "active": {"dissolve": "dissolved"}, "dissolved": {}},
        final=frozenset({"dissolved"}),
    )
)

MEMBERSHIP = register(
    Machine(
        "alliance membership",
        {
            START: {"apply": "applied", "found": "member"},
            "applied": {"approve": "member", "reject": "rejected", "withdraw": "withdrawn"},
            "member": {"withdraw": "withdrawn", "expel": "expelled"},
            "rejected": {},
            "withdrawn": {},
            "expelled": {},
        },
        final=frozenset({"rejected", "withdrawn", "expelled"}),
    )
)

PROJECT = register(
    Machine(
        "joint project",
        {
            START: {"create": "draft"},
            "draft": {"start": "active", "cancel": "cancelled"},
            "active": {"complete": "completed", "cancel": "cancelled"},
            "completed": {},
            "cancelled": {},
        },
        final=frozenset({"completed", "cancelled"}),
    )
)

MILESTONE = register(
    Machine(
        "project milestone",
        {
            START: {"plan": "planned"},
            "planned": {"submit": "submitted", "drop": "dropped"},
            "submitted": {"accept": "accepted", "reject": "rejected"},
            "rejected": {"submit": "submitted", "drop": "dropped"},
            "accepted": {"pay": "paid"},
            "paid": {},
            "dropped": {},
        },
        final=frozenset({"paid", "dropped"}),
    )
)
