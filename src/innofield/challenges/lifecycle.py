"""The lifecycles of a challenge and of a submission, as registered core machines.

* A challenge is drafted (problem, criteria, judges, prize, eligibility, deadline) and
  published — the prize moves from the poster's account into the challenge's escrow. It
  is open for submissions until the deadline, then closed for judging; the poster awards
  the prize to one or more qualifying submissions (what is not awarded goes back) or
  returns it when nobody qualifies. The poster may withdraw an open challenge that has
  no submissions yet (the prize goes back); a challenge still open at its deadline
  without submissions, or still in judging at its award deadline, expires and its prize
  goes back. A draft may be cancelled (no money has moved).
* A submission is submitted before the deadline; the solver may withdraw it while the
  challenge is open; the poster may disqualify it (with a reason); when the challenge is
  decided it is awarded or declined.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

__all__ = ["CHALLENGE", "SUBMISSION", "Machine"]

CHALLENGE = register(
    Machine(
        "innovation challenge",
        {
            START: {"create": "draft"},
            "draft": {"publish": "open", "cancel": "cancelled"},
            "open": {"close": "judging", "withdraw": "withdrawn", "expire": "returned"},
            "judging": {"award": "awarded", "return": "returned", "expire": "returned"},
            "awarded": {},
            "returned": {},
            "withdrawn": {},
            "cancelled": {},
        },
        final=frozenset({"awarded", "returned", "withdrawn", "cancelled"}),
    )
)

SUBMISSION = register(
    Machine(
        "challenge submission",
        {
            START: {"submit": "submitted"},
            "submitted": {
                "withdraw": "withdrawn",
                "disqualify": "disqualified",
                "award": "awarded",
                "decline": "declined",
            },
            "withdrawn": {},
            "disqualified": {},
            "awarded": {},
            "declined": {},
        },
        final=frozenset({"withdrawn", "disqualified", "awarded", "declined"}),
    )
)

#: Challenge states in which the prize sits in the escrow.
FUNDED = ("open", "judging")
#: Challenge states anyone may see (published).
PUBLISHED = ("open", "judging", "awarded", "returned", "withdrawn")
#: Moves the poster makes by hand (award has its own action with the split).
POSTER_MOVES = ("publish", "cancel", "close", "withdraw", "return")
