"""REST endpoints of open innovation challenges."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import ValidationFailed
from innofield.core.permissions import is_platform_admin, organization_ids
from innofield.registry.models import Organization

from . import actions, present, queries, submissions
from .schemas import (
    AwardsIn,
    ChallengeIn,
    ChallengeOut,
    ChallengePage,
    NoteIn,
    ScoreIn,
    ScoreOut,
    SubmissionIn,
    SubmissionOut,
    SuggestionOut,
)

router = Router(tags=["open innovation challenges"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}


def org(code: str, field: str) -> Organization:
    """The organisation ``code`` or 422 naming ``field``."""
    row = Organization.objects.filter(code=code).first() if code else None
    if row is None:
        raise ValidationFailed.single(field, f"no organization {code!r}")
    return row


@router.get("/challenges", response={200: ChallengePage, 422: ErrorOut})
def list_challenges(
    request: HttpRequest, page: Query[Page], text: str = "", state: str = ""
) -> Any:
    """Published challenges, and drafts of your organisations."""
    found = paginate(queries.challenges(actor_of(request), text, state), page.limit, page.offset)
    return {"count": found["count"], "items": [present.challenge(c) for c in found["items"]]}


@router.post("/challenges", response={201: ChallengeOut, **ERRORS}, **WRITE)
def create_challenge(request: HttpRequest, payload: ChallengeIn) -> Any:
    """Draft a challenge for an organisation you manage (a firm or government body)."""
    data = payload.model_dump()
    data["poster"] = org(data["poster"], "poster")
    row = actions.create_challenge(actor=actor_of(request), **data)
    return Status(201, present.challenge(row))


@router.get("/challenges/{challenge_id}", response={200: ChallengeOut, 404: ErrorOut})
def get_challenge(request: HttpRequest, challenge_id: int) -> Any:
    """A challenge: problem, criteria, prize, eligibility, judges and winners."""
    return present.challenge(queries.challenge(actor_of(request), challenge_id))


@router.post(
    "/challenges/{challenge_id}/transitions/{transition}",
    response={200: ChallengeOut, **ERRORS},
    **WRITE,
)
def act(request: HttpRequest, challenge_id: int, transition: str) -> Any:
    """publish (the prize into escrow), cancel, close, withdraw or return (the poster)."""
    row = actions.transition(actor=actor_of(request), challenge_id=challenge_id, move=transition)
    return present.challenge(row)


@router.post("/challenges/{challenge_id}/awards", response={200: ChallengeOut, **ERRORS}, **WRITE)
def award(request: HttpRequest, challenge_id: int, payload: AwardsIn) -> Any:
    """Pay the prize to the winners (split allowed); the rest goes back to the poster."""
    row = actions.award(
        actor=actor_of(request),
        challenge_id=challenge_id,
        awards=[a.model_dump() for a in payload.awards],
    )
    return present.challenge(row)


def _standings(actor: Any, c: Any) -> dict[int, Any]:
    poster_side = is_platform_admin(actor) or c.poster_id in organization_ids(actor, "view")
    if poster_side or queries.judge_of(actor, c) or c.state in ("awarded", "returned"):
        return actions.standings(c)
    return {}


@router.get(
    "/challenges/{challenge_id}/submissions",
    response={200: list[SubmissionOut], 404: ErrorOut},
)
def list_submissions(request: HttpRequest, challenge_id: int) -> Any:
    """Submissions you may read: all for the poster and the judges, your own otherwise."""
    actor = actor_of(request)
    c = queries.challenge(actor, challenge_id)
    table = _standings(actor, c)
    return [present.submission(s, table.get(s.pk)) for s in queries.submissions(actor, c)]


@router.post(
    "/challenges/{challenge_id}/submissions", response={201: SubmissionOut, **ERRORS}, **WRITE
)
def submit(request: HttpRequest, challenge_id: int, payload: SubmissionIn) -> Any:
    """Submit a solution for an organisation you belong to."""
    row = submissions.submit(
        actor=actor_of(request),
        challenge_id=challenge_id,
        solver=org(payload.solver, "solver"),
        title=payload.title,
        text=payload.text,
    )
    return Status(201, present.submission(row))


@router.get("/challenges/{challenge_id}/scores", response={200: list[ScoreOut], 404: ErrorOut})
def list_scores(request: HttpRequest, challenge_id: int) -> Any:
    """The judges' scores you may see (poster: all; a judge: their own; a solver: its
    own once the challenge is decided)."""
    actor = actor_of(request)
    c = queries.challenge(actor, challenge_id)
    return [present.score(s) for s in queries.scores(actor, c)]


@router.get(
    "/challenges/{challenge_id}/suggestions",
    response={200: list[SuggestionOut], 404: ErrorOut, 422: ErrorOut},
)
def suggestions(request: HttpRequest, challenge_id: int, k: int = 10) -> Any:
    """Eligible organisations the matching engine finds relevant to the problem, with
    the catalog items that explain each suggestion."""
    if not 1 <= k <= 50:
        raise ValidationFailed.single("k", "from 1 to 50")
    actor = actor_of(request)
    c = queries.challenge(actor, challenge_id)
    return [present.suggestion(e) for e in queries.suggest_solvers(actor, c, k)]


@router.post(
    "/challenge-submissions/{submission_id}/withdraw",
    response={200: SubmissionOut, **ERRORS},
    **WRITE,
)
def withdraw(request: HttpRequest, submission_id: int) -> Any:
    """Withdraw your organisation's submission while the challenge is open."""
    row = submissions.withdraw(actor=actor_of(request), submission_id=submission_id)
    return present.submission(row)


@router.post(
    "/challenge-submissions/{submission_id}/disqualify",
    response={200: SubmissionOut, **ERRORS},
    **WRITE,
)
def disqualify(request: HttpRequest, submission_id: int, payload: NoteIn) -> Any:
    """Disqualify a submission, saying why (the poster)."""
    row = submissions.disqualify(
        actor=actor_of(request), submission_id=submission_id, note=payload.note
    )
    return present.submission(row)


@router.post(
    "/challenge-submissions/{submission_id}/scores",
    response={201: ScoreOut, **ERRORS},
    **WRITE,
)
def score(request: HttpRequest, submission_id: int, payload: ScoreIn) -> Any:
    """Score a submission against the criteria (a judge, while the challenge is judged)."""
    row = submissions.score(
        actor=actor_of(request),
        submission_id=submission_id,
        scores=payload.scores,
        comment=payload.comment,
    )
    return Status(201, present.score(row))
