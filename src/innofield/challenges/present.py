"""Challenges, submissions and suggestions as the API shows them."""

from __future__ import annotations

from typing import Any

from . import money
from .models import Challenge, Score, Submission


def challenge(c: Challenge) -> dict[str, Any]:
    """A challenge with its judges, submission count and winners."""
    return {
        "id": c.pk,
        "poster": c.poster.code,
        "poster_name": c.poster.name_zh,
        "title": c.title,
        "description": c.description,
        "criteria": c.criteria,
        "min_score": c.min_score,
        "prize_fen": c.prize_fen,
        "escrow_fen": money.balance(money.escrow_code(c.pk)) if c.published_at else 0,
        "returned_fen": c.returned_fen,
        "regions": c.regions,
        "org_types": c.org_types,
        "foreign_allowed": c.foreign_allowed,
        "deadline": c.deadline,
        "award_deadline": c.award_deadline,
        "state": c.state,
        "judges": [j.user.username for j in c.judges.select_related("user")],
        "submissions": c.submissions.exclude(state="withdrawn").count(),
        "winners": [
            {
                "submission": a.submission_id,
                "solver": a.submission.solver.code,
                "solver_name": a.submission.solver.name_zh,
                "amount_fen": a.amount_fen,
            }
            for a in c.awards.select_related("submission__solver")
        ],
        "synthetic": c.synthetic,
    }


def submission(s: Submission, standing: dict[str, Any] | None = None) -> dict[str, Any]:
    """A submission; ``standing`` (scored_by, mean) where the caller may see scores."""
    return {
        "id": s.pk,
        "challenge": s.challenge_id,
        "solver": s.solver.code,
        "solver_name": s.solver.name_zh,
        "title": s.title,
        "text": s.text,
        "has_attachment": bool(s.attachment_name),
        "state": s.state,
        "note": s.note,
        "scored_by": standing["scored_by"] if standing else None,
        "mean_score": float(standing["mean"]) if standing else None,
    }


def score(s: Score) -> dict[str, Any]:
    """A judge's scores."""
    return {
        "submission": s.submission_id,
        "judge": s.judge.user.username,
        "scores": s.scores,
        "total": float(s.total),
        "comment": s.comment,
    }


def suggestion(entry: dict[str, Any]) -> dict[str, Any]:
    """A suggested solver."""
    org = entry["organization"]
    return {
        "organization": org.code,
        "name": org.name_zh,
        "type": org.type,
        "region": org.region.code,
        "score": entry["score"],
        "items": entry["items"],
    }
