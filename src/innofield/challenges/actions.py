"""State changes of challenges: drafting, publishing (the prize into escrow), closing,
awarding (split among winners, the rest back), returning, withdrawing, cancelling and
the sweep that closes or expires challenges past their deadlines. Each takes the acting
user, runs in one transaction and writes its audit row in it.

Rules (each refused with 422 naming the field):

* ``poster`` — a firm or a government body, acting through its managers or officers;
* ``prize_fen`` — above 0, funded from the poster's own account when published;
* ``deadline`` — in the future when drafted and when published; ``award_deadline``
  after it;
* ``criteria`` — 1–10, weights summing to 100, scores from 0 to each criterion's max;
* ``judges`` — 1–9 existing users, each once;
* ``regions`` / ``org_types`` — known region codes and organisation types;
* ``awards`` — qualifying submissions (scored by every judge, mean at least
  ``min_score``), amounts above 0 adding up to no more than the escrow holds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, require_member, restrict
from innofield.registry.models import Organization

from . import money, rules
from .lifecycle import CHALLENGE, POSTER_MOVES, SUBMISSION
from .models import POSTER_TYPES, Award, Challenge, Judge, Submission

MAX_JUDGES = 9
MAX_AWARDS = 10
#: Judging period after the deadline when the poster names none.
DEFAULT_JUDGING = dt.timedelta(days=30)


def _fail(problems: rules.Problems) -> None:
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])


def _judges(usernames: list[str], problems: rules.Problems) -> list[Any]:
    names = [str(u).strip() for u in usernames or []]
    if not 1 <= len(names) <= MAX_JUDGES:
        problems.append(("judges", f"name 1 to {MAX_JUDGES} judges (user names)"))
        return []
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    out, seen = [], set()
    for n, name in enumerate(names):
        if name in seen:
            problems.append((f"judges.{n}", f"{name!r} is named twice"))
        elif name not in users:
            problems.append((f"judges.{n}", f"no user {name!r}"))
        else:
            out.append(users[name])
        seen.add(name)
    return out


def create_challenge(
    *,
    actor: Actor,
    poster: Organization,
    title: str,
    description: str,
    criteria: list[dict[str, Any]],
    prize_fen: int,
    deadline: dt.datetime,
    judges: list[str],
    award_deadline: dt.datetime | None = None,
    min_score: int = 60,
    regions: list[str] | None = None,
    org_types: list[str] | None = None,
    foreign_allowed: bool = True,
    synthetic: bool = False,
    now: dt.datetime | None = None,
) -> Challenge:
    """Draft a challenge for ``poster`` (its managers or officers); see the module rules."""
    require_member(actor, poster, "pay")
    now = now or timezone.now()
    problems: rules.Problems = []
    if poster.type not in POSTER_TYPES:
        problems.append(
            ("poster", f"firms and government bodies post challenges, not {poster.type}")
        )
    if not title.strip():
        problems.append(("title", "is required"))
    if not description.strip():
        problems.append(("description", "describe the problem"))
    if isinstance(prize_fen, bool) or not isinstance(prize_fen, int) or prize_fen <= 0:
        problems.append(("prize_fen", "the prize must be above 0 fen"))
    if deadline <= now:
        problems.append(("deadline", "must be in the future"))
    award_deadline = award_deadline or deadline + DEFAULT_JUDGING
    if award_deadline <= deadline:
        problems.append(("award_deadline", "must come after the deadline"))
    if isinstance(min_score, bool) or not isinstance(min_score, int) or not 0 <= min_score <= 100:
        problems.append(("min_score", "a weighted score from 0 to 100"))
    clean, more = rules.clean_criteria(criteria)
    problems += more
    regions, org_types, more = rules.check_eligibility_terms(regions, org_types)
    problems += more
    users = _judges(judges, problems)
    _fail(problems)
    with transaction.atomic():
        row = Challenge.objects.create(
            poster=poster,
            title=title.strip(),
            description=description.strip(),
            criteria=clean,
            min_score=min_score,
            prize_fen=prize_fen,
            regions=regions,
            org_types=org_types,
            foreign_allowed=foreign_allowed,
            deadline=deadline,
            award_deadline=award_deadline,
            state=CHALLENGE.start("create"),
            synthetic=synthetic,
            created_by_id=getattr(actor, "pk", None),
        )
        Judge.objects.bulk_create([Judge(challenge=row, user=u) for u in users])
        audit.record(
            actor,
            "challenges.challenge.create",
            row,
            after={**audit.snapshot(row), "judges": [u.username for u in users]},
        )
    return row


def locked(actor: Actor, challenge_id: int, action: str = "view") -> Challenge:
    """The challenge, locked, if ``actor`` may ``action`` it; else 404."""
    qs = restrict(Challenge.objects.select_related("poster"), actor, action)
    return get_visible(qs, challenge_id, "challenge", lock=True)


def _live(challenge: Challenge) -> Any:
    return challenge.submissions.filter(state="submitted")


def _settle(actor: Actor, challenge: Challenge, move: str, now: dt.datetime) -> None:
    """Decline the live submissions, return the rest of the prize, record the move."""
    before = audit.snapshot(challenge)
    for sub in _live(challenge):
        sub.state = SUBMISSION.advance(sub.state, "decline")
        sub.save(update_fields=["state"])
    challenge.returned_fen += money.return_rest(actor, challenge)
    challenge.state = CHALLENGE.advance(challenge.state, move)
    challenge.decided_at = now
    challenge.save()
    audit.record(
        actor,
        f"challenges.challenge.{move}",
        challenge,
        before=before,
        after=audit.snapshot(challenge),
    )


def transition(
    *, actor: Actor, challenge_id: int, move: str, now: dt.datetime | None = None
) -> Challenge:
    """publish, cancel, close, withdraw or return (the poster's managers or officers)."""
    if move not in POSTER_MOVES:
        raise ValidationFailed.single(
            "transition", f"one of {', '.join(POSTER_MOVES)} (awards have their own form)"
        )
    now = now or timezone.now()
    with transaction.atomic():
        challenge = locked(actor, challenge_id)
        require_member(actor, challenge.poster, "pay")
        CHALLENGE.advance(challenge.state, move)  # 409 before any other check
        if move == "withdraw" and _live(challenge).exists():
            raise Conflict("solvers have submitted: the challenge can no longer be withdrawn")
        if move == "close" and now < challenge.deadline:
            raise ValidationFailed.single(
                "deadline", f"submissions are open until {challenge.deadline.isoformat()}"
            )
        if move == "close" and not _live(challenge).exists():
            raise Conflict("nothing was submitted: withdraw the challenge or let it expire")
        if move in ("withdraw", "return"):
            _settle(actor, challenge, move, now)
            return challenge
        before = audit.snapshot(challenge)
        if move == "publish":
            if challenge.deadline <= now:
                raise ValidationFailed.single("deadline", "must be in the future to publish")
            challenge.escrow_account = money.fund(actor, challenge)
            challenge.published_at = now
        challenge.state = CHALLENGE.advance(challenge.state, move)
        challenge.save()
        audit.record(
            actor,
            f"challenges.challenge.{move}",
            challenge,
            before=before,
            after=audit.snapshot(challenge),
        )
    return challenge


def standings(challenge: Challenge) -> dict[int, dict[str, Any]]:
    """Per live or awarded submission: how many judges scored it and their mean total."""
    rows = (
        challenge.submissions.filter(state__in=("submitted", "awarded"))
        .annotate(n=Count("scores"), mean=Avg("scores__total"))
        .values("pk", "n", "mean")
    )
    return {
        r["pk"]: {"scored_by": r["n"], "mean": Decimal(r["mean"] or 0).quantize(Decimal("0.01"))}
        for r in rows
    }


def _check_awards(
    challenge: Challenge, awards: list[dict[str, Any]]
) -> list[tuple[Submission, int]]:
    if not isinstance(awards, list) or not 1 <= len(awards) <= MAX_AWARDS:
        raise ValidationFailed.single("awards", f"name 1 to {MAX_AWARDS} winning submissions")
    judges = challenge.judges.count()
    table = standings(challenge)
    subs = {s.pk: s for s in _live(challenge).select_related("solver")}
    problems: rules.Problems = []
    out, seen = [], set()
    for n, a in enumerate(awards):
        sid, amount = a.get("submission"), a.get("amount_fen")
        where = f"awards.{n}"
        if sid in seen:
            problems.append((f"{where}.submission", f"submission {sid} is named twice"))
            continue
        seen.add(sid)
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            problems.append((f"{where}.amount_fen", "an amount above 0 fen"))
        sub = subs.get(sid)  # type: ignore[arg-type]
        if sub is None:
            problems.append((f"{where}.submission", f"no live submission {sid} to this challenge"))
            continue
        st = table[sub.pk]
        if st["scored_by"] < judges:
            problems.append(
                (f"{where}.submission", f"scored by {st['scored_by']} of {judges} judges")
            )
        elif st["mean"] < challenge.min_score:
            problems.append(
                (
                    f"{where}.submission",
                    f"does not qualify: the judges' mean {st['mean']} is below "
                    f"{challenge.min_score}",
                )
            )
        if isinstance(amount, int) and not isinstance(amount, bool):
            out.append((sub, amount))
    held = money.balance(money.escrow_code(challenge.pk))
    total = sum(amount for _, amount in out)
    if not problems and total > held:
        problems.append(("awards", f"the awards add up to {total} fen; the escrow holds {held}"))
    _fail(problems)
    return out


def award(
    *,
    actor: Actor,
    challenge_id: int,
    awards: list[dict[str, Any]],
    now: dt.datetime | None = None,
) -> Challenge:
    """Pay the prize to the winners (``[{submission, amount_fen}]``, split allowed); what
    is not awarded goes back to the poster and the other submissions are declined."""
    now = now or timezone.now()
    with transaction.atomic():
        challenge = locked(actor, challenge_id)
        require_member(actor, challenge.poster, "pay")
        CHALLENGE.advance(challenge.state, "award")
        winners = _check_awards(challenge, awards)
        before = audit.snapshot(challenge)
        paid = []
        for sub, amount in winners:
            row = Award.objects.create(challenge=challenge, submission=sub, amount_fen=amount)
            row.transfer_key = money.pay_award(actor, row)
            row.save(update_fields=["transfer_key"])
            sub.state = SUBMISSION.advance(sub.state, "award")
            sub.save(update_fields=["state"])
            paid.append({"submission": sub.pk, "solver": sub.solver.code, "amount_fen": amount})
        for sub in _live(challenge):
            sub.state = SUBMISSION.advance(sub.state, "decline")
            sub.save(update_fields=["state"])
        challenge.returned_fen += money.return_rest(actor, challenge)
        challenge.state = CHALLENGE.advance(challenge.state, "award")
        challenge.decided_at = now
        challenge.save()
        audit.record(
            actor,
            "challenges.challenge.award",
            challenge,
            {"awards": paid, "returned_fen": challenge.returned_fen},
            before=before,
            after=audit.snapshot(challenge),
        )
    return challenge


def sweep(*, actor: Actor = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Close open challenges past their deadline that have submissions; expire (prize
    back to the poster) those without, and those still in judging at their award
    deadline. Run by the system (``innofield challenges sweep``)."""
    now = now or timezone.now()
    counts = {"closed": 0, "expired": 0}
    due = Challenge.objects.filter(state="open", deadline__lte=now) | Challenge.objects.filter(
        state="judging", award_deadline__lte=now
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            challenge = Challenge.objects.select_for_update().select_related("poster").get(pk=pk)
            if challenge.state == "open" and _live(challenge).exists():
                before = audit.snapshot(challenge)
                challenge.state = CHALLENGE.advance(challenge.state, "close")
                challenge.save(update_fields=["state"])
                audit.record(
                    actor,
                    "challenges.challenge.close",
                    challenge,
                    before=before,
                    after=audit.snapshot(challenge),
                )
                counts["closed"] += 1
            elif challenge.state in ("open", "judging"):
                _settle(actor, challenge, "expire", now)
                counts["expired"] += 1
    return counts
