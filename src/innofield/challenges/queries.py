"""Reading challenges: lists and details as the actor may see them, the judges' scores,
solvers the matching engine suggests, and the poster–solver edges of the network."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from innofield.core.errors import InnofieldError
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, is_platform_admin, organization_ids, restrict

from . import rules
from .models import Challenge, Judge, Score, Submission


def challenges(actor: Actor, text: str = "", state: str = "") -> QuerySet[Challenge]:
    """Published challenges and the drafts of the actor's organisations, newest first."""
    qs = restrict(Challenge.objects.select_related("poster", "poster__region"), actor)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(description__icontains=text))
    if state:
        qs = qs.filter(state=state)
    return qs


def challenge(actor: Actor, challenge_id: int) -> Challenge:
    """One challenge the actor may see, or 404."""
    return get_visible(challenges(actor), challenge_id, "challenge")


def is_poster(actor: Actor, c: Challenge) -> bool:
    """True if the actor may act for the poster (its managers and officers, or an admin)."""
    return is_platform_admin(actor) or c.poster_id in organization_ids(actor, "pay")


def judge_of(actor: Actor, c: Challenge) -> Judge | None:
    """The actor's judge row on ``c`` (``None`` if not a judge)."""
    if actor is None or not actor.is_authenticated:
        return None
    return Judge.objects.filter(challenge=c, user_id=actor.pk).first()


def submissions(actor: Actor, c: Challenge) -> QuerySet[Submission]:
    """Submissions the actor may see in full: all of them for the poster's people, the
    judges and admins; the solver's own for its people; none for others."""
    qs = c.submissions.select_related("solver", "solver__region").order_by("id")
    if actor is None or not actor.is_authenticated:
        return qs.none()
    mine = organization_ids(actor, "view")
    if is_platform_admin(actor) or c.poster_id in mine or judge_of(actor, c) is not None:
        return qs
    return qs.filter(solver_id__in=mine)


def winners(c: Challenge) -> list[Any]:
    """The awards of a decided challenge (public), largest first."""
    return list(c.awards.select_related("submission", "submission__solver"))


def scores(actor: Actor, c: Challenge) -> QuerySet[Score]:
    """The judges' scores the actor may see: all for the poster's people and admins, a
    judge's own for a judge, the scores of its own submissions for a solver once the
    challenge is decided."""
    qs = Score.objects.filter(submission__challenge=c).select_related("judge__user")
    if actor is None or not actor.is_authenticated:
        return qs.none()
    if is_platform_admin(actor) or c.poster_id in organization_ids(actor, "view"):
        return qs
    judge = judge_of(actor, c)
    if judge is not None:
        return qs.filter(judge=judge)
    if c.state in ("awarded", "returned"):
        return qs.filter(submission__solver_id__in=organization_ids(actor, "view"))
    return qs.none()


def suggest_solvers(actor: Actor, c: Challenge, k: int = 10) -> list[dict[str, Any]]:
    """Organisations the matching engine finds relevant to the challenge's text: the
    catalog's supply (technologies, experts, services, instruments …) is ranked against
    the title and description, the hits are grouped by owner, and owners that may not
    solve (the poster, the ineligible) are left out. Each suggestion explains itself by
    its best-matching items with their matched terms and scores."""
    from innofield.matchmaking.queries import Filters, search

    try:
        hits = search(actor, f"{c.title}\n{c.description}", Filters(), k=max(50, 5 * k))
    except InnofieldError:
        return []
    by_org: dict[int, dict[str, Any]] = {}
    for h in hits:
        item = h["object"]
        org = item.owner
        if org.pk == c.poster_id:
            continue
        entry = by_org.get(org.pk)
        if entry is None:
            problems = rules.eligibility(c, org)
            if problems:
                continue
            entry = by_org[org.pk] = {"organization": org, "score": 0.0, "items": []}
        entry["score"] = max(entry["score"], float(h["score"]))
        if len(entry["items"]) < 3:
            why = h["explanation"]
            entry["items"].append(
                {
                    "item": item.pk,
                    "kind": item.kind,
                    "title": item.title,
                    "rank": h["rank"],
                    "score": float(h["score"]),
                    "matched_terms": sorted(why.get("matched_terms") or {}),
                    "bm25_rank": why.get("bm25_rank"),
                    "cosine_rank": why.get("cosine_rank"),
                }
            )
    ranked = sorted(by_org.values(), key=lambda e: (-e["score"], e["organization"].code))
    return ranked[:k]


def network_edges() -> list[dict[str, Any]]:
    """Poster–solver pairs of every submission that was not withdrawn (kind
    ``challenge``; an awarded one weighs 2)."""
    rows = (
        Submission.objects.exclude(state="withdrawn")
        .filter(challenge__published_at__isnull=False)
        .values_list("challenge__poster__code", "solver__code", "challenge_id", "state")
    )
    return [
        {
            "source": poster,
            "target": solver,
            "kind": "challenge",
            "ref": str(cid),
            "weight": 2.0 if state == "awarded" else 1.0,
        }
        for poster, solver, cid, state in rows
    ]
