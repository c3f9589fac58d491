"""Scenarios of the authorisation matrix: open innovation challenges and the
observatory's collaboration network.

FIRM posts (its account funded first); LAB solves; the judges are the lab's member and
manager, who score RIVAL's submission.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]
CRITERIA = [
    {"name": "novelty", "weight": 40, "max": 10},
    {"name": "feasibility", "weight": 60, "max": 10},
]

scenario("GET /api/challenges", "GET /api/observatory/network")(no_body)


def challenge(c: Cases, publish: bool = True, judges: list[str] | None = None) -> Any:
    """A fresh challenge of FIRM, published unless told (the firm's account funded)."""
    from innofield.challenges import actions

    row = actions.create_challenge(
        actor=c.w.firmer,
        poster=c.w.firm,
        title=f"coating problem {c.n()}",
        description="a film coating that lasts",
        criteria=CRITERIA,
        prize_fen=10_000,
        deadline=timezone.now() + dt.timedelta(days=10),
        judges=judges or ["officer"],
    )
    c.account(c.w.firm, funded=10_000)
    if publish:
        row = actions.transition(actor=c.w.firmer, challenge_id=row.pk, move="publish")
    return row


def judged(c: Cases, judges: list[str] | None = None, scored: bool = False) -> tuple[Any, Any]:
    """A challenge being judged with RIVAL's submission (scored by the officer if told)."""
    from innofield.challenges import actions, submissions

    row = challenge(c, judges=judges)
    sub = submissions.submit(
        actor=c.w.rivaler, challenge_id=row.pk, solver=c.w.rival, title="idea", text="how"
    )
    actions.transition(
        actor=c.w.firmer,
        challenge_id=row.pk,
        move="close",
        now=row.deadline + dt.timedelta(minutes=1),
    )
    if scored:
        submissions.score(
            actor=c.w.officer, submission_id=sub.pk, scores={"novelty": 9, "feasibility": 9}
        )
    return row, sub


@scenario("POST /api/challenges")
def _create(c: Cases) -> Request:
    deadline = (timezone.now() + dt.timedelta(days=20)).isoformat()
    return {}, {
        "poster": "FIRM",
        "title": "new problem",
        "description": "text",
        "criteria": CRITERIA,
        "prize_fen": 1_000,
        "deadline": deadline,
        "judges": ["officer"],
    }


@scenario(
    "GET /api/challenges/{challenge_id}",
    "GET /api/challenges/{challenge_id}/submissions",
    "GET /api/challenges/{challenge_id}/scores",
    "GET /api/challenges/{challenge_id}/suggestions",
)
def _read(c: Cases) -> Request:
    return {"challenge_id": challenge(c).pk}, None


@scenario("POST /api/challenges/{challenge_id}/transitions/{transition}")
def _publish(c: Cases) -> Request:
    return {"challenge_id": challenge(c, publish=False).pk, "transition": "publish"}, None


@scenario("POST /api/challenges/{challenge_id}/awards")
def _award(c: Cases) -> Request:
    row, sub = judged(c, scored=True)
    return {"challenge_id": row.pk}, {"awards": [{"submission": sub.pk, "amount_fen": 10_000}]}


@scenario("POST /api/challenges/{challenge_id}/submissions")
def _submit(c: Cases) -> Request:
    return {"challenge_id": challenge(c).pk}, {"solver": "LAB", "title": "idea", "text": "how"}


@scenario("POST /api/challenge-submissions/{submission_id}/withdraw")
def _withdraw(c: Cases) -> Request:
    from innofield.challenges import submissions

    sub = submissions.submit(
        actor=c.w.labber, challenge_id=challenge(c).pk, solver=c.w.lab, title="idea", text="how"
    )
    return {"submission_id": sub.pk}, None


@scenario("POST /api/challenge-submissions/{submission_id}/disqualify")
def _disqualify(c: Cases) -> Request:
    from innofield.challenges import submissions

    sub = submissions.submit(
        actor=c.w.rivaler, challenge_id=challenge(c).pk, solver=c.w.rival, title="x", text="y"
    )
    return {"submission_id": sub.pk}, {"note": "copied from a patent"}


@scenario("POST /api/challenge-submissions/{submission_id}/scores")
def _score(c: Cases) -> Request:
    judges = [c.user("lab", "member").username, c.user("lab", "manager").username]
    _row, sub = judged(c, judges=judges)
    return {"submission_id": sub.pk}, {"scores": {"novelty": 5, "feasibility": 6}}
