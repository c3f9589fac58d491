"""Fixtures of the challenges tests: FIRM posts with money in its account, LAB solves,
the lab's manager and the bureau's officer judge."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

CRITERIA = [
    {"name": "novelty", "label": "Novelty", "weight": 30, "max": 10},
    {"name": "feasibility", "label": "Feasibility", "weight": 50, "max": 10},
    {"name": "cost", "label": "Cost", "weight": 20, "max": 5},
]


def fund(world: SimpleNamespace, org: Any, amount_fen: int) -> str:
    """Open ``org``'s account (no overdraft) and pay ``amount_fen`` in from outside."""
    from tests.consortia.conftest import fund as consortia_fund

    return consortia_fund(world, org, amount_fen)


def balance(code: str) -> int:
    """The posted balance of a ledger account (0 if absent)."""
    from innofield.challenges.money import balance as b

    return b(code)


def draft(world: SimpleNamespace, **extra: Any) -> Any:
    """A draft challenge of FIRM: 100,000 yuan, deadline in ten days, judged by the
    officer and the lab's manager."""
    from innofield.challenges import actions

    args: dict[str, Any] = {
        "actor": world.firmer,
        "poster": world.firm,
        "title": "Anti-fog coating for greenhouse films",
        "description": "A coating that keeps water spreading on polyolefin film for 3 seasons.",
        "criteria": CRITERIA,
        "prize_fen": 10_000_000,
        "deadline": timezone.now() + dt.timedelta(days=10),
        "judges": ["officer", "labber"],
    }
    args.update(extra)
    return actions.create_challenge(**args)


def published(world: SimpleNamespace, **extra: Any) -> Any:
    """A published challenge of FIRM (its account funded first)."""
    from innofield.challenges import actions

    fund(world, world.firm, 20_000_000)
    c = draft(world, **extra)
    return actions.transition(actor=world.firmer, challenge_id=c.pk, move="publish")


def judging(world: SimpleNamespace, solvers: list[tuple[Any, Any]] | None = None) -> Any:
    """A challenge past its deadline with submissions from ``[(user, org)]`` (default:
    RIVAL's, by its member), being judged; ``c.subs`` lists the submissions."""
    from innofield.challenges import actions, submissions

    c = published(world)
    subs = []
    for user, org in solvers or [(world.rivaler, world.rival)]:
        subs.append(
            submissions.submit(
                actor=user, challenge_id=c.pk, solver=org, title=f"{org.code} idea", text="how"
            )
        )
    actions.transition(
        actor=world.firmer,
        challenge_id=c.pk,
        move="close",
        now=c.deadline + dt.timedelta(minutes=1),
    )
    c.refresh_from_db()
    c.subs = subs
    return c


def score_all(world: SimpleNamespace, sub: Any, marks: dict[str, float]) -> None:
    """Both judges give ``marks``."""
    from innofield.challenges import submissions

    for judge in (world.officer, world.labber):
        submissions.score(actor=judge, submission_id=sub.pk, scores=marks)
