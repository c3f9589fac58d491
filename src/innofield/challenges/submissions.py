"""State changes of submissions and scores: a solver submits (eligibility, deadline) and
may withdraw while the challenge is open; the poster may disqualify; a judge scores
against the published criteria while the challenge is being judged.

Rules (each refused with 422 naming the field):

* ``solver`` — eligible by region, organisation type and the foreign flag; not the
  poster; one live submission per organisation;
* ``deadline`` — submissions only while the challenge is open and before its deadline;
* ``attachment`` — at most ``INNOFIELD_MAX_UPLOAD_BYTES``;
* ``judge`` — only the named judges score, never a submission of their own organisation;
* ``scores.<criterion>`` — every criterion scored, within 0 … its max.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innofield.core.permissions import Actor, organization_ids, require_member
from innofield.registry.models import Organization

from . import rules
from .actions import _fail, locked
from .lifecycle import SUBMISSION
from .models import Challenge, Judge, Score, Submission


def submit(
    *,
    actor: Actor,
    challenge_id: int,
    solver: Organization,
    title: str,
    text: str,
    attachment: bytes | None = None,
    attachment_name: str = "",
    attachment_type: str = "",
    synthetic: bool = False,
    now: dt.datetime | None = None,
) -> Submission:
    """Submit ``solver``'s solution (any member of the solving organisation)."""
    require_member(actor, solver, "create")
    now = now or timezone.now()
    problems: rules.Problems = []
    if not title.strip():
        problems.append(("title", "is required"))
    if not text.strip():
        problems.append(("text", "describe the solution"))
    limit = int(settings.INNOFIELD_MAX_UPLOAD_BYTES)
    if attachment is not None and len(attachment) > limit:
        problems.append(("attachment", f"at most {limit} bytes"))
    with transaction.atomic():
        challenge = locked(actor, challenge_id)
        if challenge.state != "open":
            raise Conflict(f"the challenge is {challenge.state}: it takes no submissions")
        if now >= challenge.deadline:
            problems.append(("deadline", f"submissions closed at {challenge.deadline.isoformat()}"))
        if solver.pk == challenge.poster_id:
            problems.append(("solver", "the poster does not solve its own challenge"))
        else:
            problems += rules.eligibility(challenge, solver)
        if challenge.submissions.filter(solver=solver, state="submitted").exists():
            problems.append(("solver", f"{solver.code} has a live submission already"))
        _fail(problems)
        row = Submission.objects.create(
            challenge=challenge,
            solver=solver,
            submitted_by_id=actor.pk,  # type: ignore[misc,union-attr]
            title=title.strip(),
            text=text.strip(),
            attachment=attachment or None,
            attachment_name=(attachment_name or "")[:200] if attachment else "",
            attachment_type=(attachment_type or "")[:100] if attachment else "",
            state=SUBMISSION.start("submit"),
            synthetic=synthetic,
        )
        snap = audit.snapshot(row)
        snap.pop("attachment", None)
        audit.record(actor, "challenges.submission.submit", row, after=snap)
    return row


def _submission(actor: Actor, submission_id: int) -> Submission:
    qs = Submission.objects.select_related("challenge", "challenge__poster", "solver")
    row = qs.select_for_update().filter(pk=submission_id).first()
    if row is None or not may_see(actor, row):
        raise NotFound(f"no submission with id {submission_id}")
    return row


def may_see(actor: Actor, sub: Submission) -> bool:
    """The solver's people, the poster's people, the judges and platform admins see a
    submission in full; others see awarded ones' titles only (see ``present``)."""
    if actor is None or not actor.is_authenticated:
        return False
    if getattr(actor, "is_superuser", False):
        return True
    mine = set(organization_ids(actor, "view"))
    if sub.solver_id in mine or sub.challenge.poster_id in mine:
        return True
    return Judge.objects.filter(challenge_id=sub.challenge_id, user_id=actor.pk).exists()


def withdraw(*, actor: Actor, submission_id: int) -> Submission:
    """Withdraw a submission while the challenge is open (the solving organisation)."""
    with transaction.atomic():
        sub = _submission(actor, submission_id)
        require_member(actor, sub.solver, "create")
        if sub.challenge.state != "open":
            raise Conflict(f"the challenge is {sub.challenge.state}: submissions stay as they are")
        return _move(actor, sub, "withdraw")


def disqualify(*, actor: Actor, submission_id: int, note: str) -> Submission:
    """Disqualify a submission, saying why (the poster's managers or officers)."""
    if not (note or "").strip():
        raise ValidationFailed.single("note", "say why the submission is disqualified")
    with transaction.atomic():
        sub = _submission(actor, submission_id)
        require_member(actor, sub.challenge.poster, "pay")
        if sub.challenge.state not in ("open", "judging"):
            raise Conflict(f"the challenge is {sub.challenge.state}: it is decided")
        sub.note = note.strip()[:500]
        return _move(actor, sub, "disqualify")


def _move(actor: Actor, sub: Submission, move: str) -> Submission:
    before = {"state": sub.state}
    sub.state = SUBMISSION.advance(sub.state, move)
    sub.save(update_fields=["state", "note"])
    audit.record(
        actor,
        f"challenges.submission.{move}",
        sub,
        before=before,
        after={"state": sub.state, "note": sub.note},
    )
    return sub


def score(
    *,
    actor: Actor,
    submission_id: int,
    scores: dict[str, Any],
    comment: str = "",
) -> Score:
    """Score a submission against the challenge's criteria (a named judge; scoring again
    replaces the judge's earlier scores while the challenge is being judged)."""
    with transaction.atomic():
        sub = _submission(actor, submission_id)
        challenge: Challenge = sub.challenge
        judge = (
            Judge.objects.filter(challenge=challenge, user_id=actor.pk).first()
            if actor is not None and actor.is_authenticated
            else None
        )
        if judge is None:
            raise PermissionDenied("only the judges the poster named score this challenge")
        if sub.solver_id in organization_ids(actor, "view"):
            raise ValidationFailed.single("judge", "a judge does not score their own organisation")
        if challenge.state != "judging":
            raise Conflict(f"the challenge is {challenge.state}: judges score while judging")
        if sub.state != "submitted":
            raise Conflict(f"the submission is {sub.state}")
        _fail(rules.check_scores(challenge.criteria, scores))
        total = rules.weighted_total(challenge.criteria, scores)
        clean = {c["name"]: scores[c["name"]] for c in challenge.criteria}
        before = Score.objects.filter(submission=sub, judge=judge).first()
        row, _ = Score.objects.update_or_create(
            submission=sub,
            judge=judge,
            defaults={"scores": clean, "total": total, "comment": (comment or "").strip()},
        )
        audit.record(
            actor,
            "challenges.score.set",
            row,
            before=audit.snapshot(before) if before else None,
            after=audit.snapshot(row),
        )
    return row


def attachment(actor: Actor, submission_id: int) -> Submission:
    """A submission with an attachment the actor may read (else 404)."""
    sub = Submission.objects.select_related("challenge").filter(pk=submission_id).first()
    if sub is None or not sub.attachment or not may_see(actor, sub):
        raise NotFound(f"no attachment of submission {submission_id}")
    return sub
