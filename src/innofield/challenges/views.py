"""Challenge pages: the list, a new challenge, a challenge with its submissions (submit,
score, award, the poster's moves), the solvers the engine suggests and attachments.
Thin: forms in, actions called, errors shown on the form's field where one is named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, NotFound, ValidationFailed
from innofield.core.money import parse_yuan
from innofield.core.permissions import is_platform_admin, organization_ids
from innofield.registry.models import Organization, Region

from . import actions, money, queries, rules, submissions
from .forms import ChallengeForm, ScoreForm, SubmissionForm
from .lifecycle import CHALLENGE, POSTER_MOVES
from .models import POSTER_TYPES


def _orgs(user: Any, action: str, types: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    qs = Organization.objects.filter(pk__in=organization_ids(user, action)).order_by("code")
    if types and not is_platform_admin(user):
        qs = qs.filter(type__in=types)
    elif types:
        qs = Organization.objects.filter(type__in=types).order_by("code")[:500]
    return [(o.code, f"{o.code} {o.name}") for o in qs]


def _run(request: HttpRequest, call: Callable[[], Any], ok: str, form: Any = None) -> Any:
    """Call an action; flash ``ok`` or show the error (on the named field if any)."""
    try:
        result = call()
    except InnofieldError as exc:
        if form is not None and isinstance(exc, ValidationFailed):
            for e in exc.errors:
                head = e.field.split(".")[0]
                form.add_error(head if head in form.fields else None, f"{e.field}: {e.reason}")
        messages.error(request, str(exc))
        return None
    messages.success(request, ok)
    return result


def _visible(request: HttpRequest, challenge_id: int) -> Any:
    try:
        return queries.challenge(request.user, challenge_id)
    except NotFound as exc:
        raise Http404(challenge_id) from exc


def challenge_list(request: HttpRequest) -> HttpResponse:
    """Challenges: open ones first, then the rest, newest first."""
    state = request.GET.get("state", "")
    rows = list(queries.challenges(request.user, request.GET.get("q", "").strip(), state)[:200])
    rows.sort(key=lambda c: c.state != "open")
    may_post = bool(_orgs(request.user, "pay", POSTER_TYPES))
    return render(
        request,
        "challenges/list.html",
        {"rows": rows, "may_post": may_post, "states": CHALLENGE.states(), "state": state},
    )


def _regions() -> list[tuple[str, str]]:
    zh = (get_language() or "en").startswith("zh")
    return [
        (r.code, r.name_zh if zh else (r.name_en or r.name_zh))
        for r in Region.objects.filter(level="province").order_by("code")
    ]


@login_required
def challenge_new(request: HttpRequest) -> HttpResponse:
    """Draft a challenge for an organisation the user may pay for."""
    orgs = _orgs(request.user, "pay", POSTER_TYPES)
    form = ChallengeForm(request.POST or None, organizations=orgs, regions=_regions())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        row = _run(
            request,
            lambda: actions.create_challenge(
                actor=request.user,
                poster=Organization.objects.get(code=d["poster"]),
                title=d["title"],
                description=d["description"],
                criteria=d["criteria"],
                prize_fen=d["prize"],
                deadline=d["deadline"],
                award_deadline=d["award_deadline"],
                min_score=d["min_score"],
                judges=d["judges"],
                regions=d["regions"],
                org_types=d["org_types"],
                foreign_allowed=d["foreign_allowed"],
            ),
            _("Challenge drafted; publish it to put the prize in escrow."),
            form,
        )
        if row is not None:
            return redirect("challenge", challenge_id=row.pk)
    return render(request, "challenges/new.html", {"form": form, "orgs": orgs})


def challenge_detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """A challenge with everything its viewer may do on it."""
    c = _visible(request, challenge_id)
    user = request.user
    poster = queries.is_poster(user, c)
    judge = queries.judge_of(user, c)
    subs = list(queries.submissions(user, c))
    table = actions.standings(c) if (poster or judge or c.state in ("awarded", "returned")) else {}
    mine_scored = set()
    if judge is not None:
        mine_scored = set(judge.scores.values_list("submission_id", flat=True))
    solver_orgs = [
        (code, name)
        for code, name in _orgs(user, "create")
        if code != c.poster.code and not rules.eligibility(c, Organization.objects.get(code=code))
    ]
    rows = [
        {
            "s": s,
            "standing": table.get(s.pk),
            "score_form": ScoreForm(criteria=c.criteria, prefix=f"s{s.pk}")
            if judge is not None and c.state == "judging" and s.state == "submitted"
            else None,
            "scored": s.pk in mine_scored,
        }
        for s in subs
    ]
    context = {
        "c": c,
        "poster": poster,
        "judge": judge,
        "rows": rows,
        "moves": [m for m in CHALLENGE.allowed(c.state) if m in POSTER_MOVES] if poster else [],
        "escrow": money.balance(money.escrow_code(c.pk)) if c.published_at else 0,
        "winners": queries.winners(c),
        "judges": [j.user.username for j in c.judges.select_related("user")],
        "regions": list(Region.objects.filter(code__in=c.regions).order_by("code")),
        "submit_form": SubmissionForm(organizations=solver_orgs)
        if c.state == "open" and solver_orgs
        else None,
        "may_award": poster and c.state == "judging",
        "live": [r for r in rows if r["s"].state == "submitted"],  # type: ignore[union-attr]
    }
    return render(request, "challenges/detail.html", context)


@login_required
@require_POST
def challenge_act(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """publish, cancel, close, withdraw or return."""
    move = request.POST.get("transition", "")
    _run(
        request,
        lambda: actions.transition(actor=request.user, challenge_id=challenge_id, move=move),
        _("Done: %(move)s.") % {"move": _(move)},
    )
    return redirect("challenge", challenge_id=challenge_id)


@login_required
@require_POST
def challenge_submit(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """Submit a solution (with an optional attachment)."""
    c = _visible(request, challenge_id)
    form = SubmissionForm(request.POST, request.FILES, organizations=_orgs(request.user, "create"))
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()))
        return redirect("challenge", challenge_id=c.pk)
    d = form.cleaned_data
    upload = d.get("attachment")
    _run(
        request,
        lambda: submissions.submit(
            actor=request.user,
            challenge_id=c.pk,
            solver=Organization.objects.get(code=d["solver"]),
            title=d["title"],
            text=d["text"],
            attachment=upload.read() if upload else None,
            attachment_name=upload.name if upload else "",
            attachment_type=getattr(upload, "content_type", "") if upload else "",
        ),
        _("Solution submitted."),
    )
    return redirect("challenge", challenge_id=c.pk)


@login_required
@require_POST
def submission_score(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A judge scores a submission."""
    sub = _submission_or_404(request, submission_id)
    form = ScoreForm(request.POST, criteria=sub.challenge.criteria, prefix=f"s{sub.pk}")
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()))
    else:
        _run(
            request,
            lambda: submissions.score(
                actor=request.user,
                submission_id=sub.pk,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            ),
            _("Scores saved."),
        )
    return redirect("challenge", challenge_id=sub.challenge_id)


@login_required
@require_POST
def submission_act(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The solver withdraws, or the poster disqualifies with a note."""
    sub = _submission_or_404(request, submission_id)
    move = request.POST.get("transition", "")
    if move == "withdraw":
        call: Callable[[], Any] = lambda: submissions.withdraw(  # noqa: E731
            actor=request.user, submission_id=sub.pk
        )
    else:
        call = lambda: submissions.disqualify(  # noqa: E731
            actor=request.user, submission_id=sub.pk, note=request.POST.get("note", "")
        )
    _run(request, call, _("Done: %(move)s.") % {"move": _(move)})
    return redirect("challenge", challenge_id=sub.challenge_id)


@login_required
@require_POST
def challenge_award(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """Award the prize: an amount in yuan per winning submission (empty: none)."""
    awards = []
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("amount_") and value.strip():
            try:
                awards.append({"submission": int(key[7:]), "amount_fen": parse_yuan(value)})
            except ValueError as exc:
                messages.error(request, f"{key}: {exc}")
                return redirect("challenge", challenge_id=challenge_id)
    if not awards:
        messages.error(request, _("Give an amount to at least one winning submission."))
        return redirect("challenge", challenge_id=challenge_id)
    _run(
        request,
        lambda: actions.award(actor=request.user, challenge_id=challenge_id, awards=awards),
        _("Prize awarded and paid."),
    )
    return redirect("challenge", challenge_id=challenge_id)


def challenge_solvers(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """Eligible organisations the matching engine suggests, with their matching items."""
    c = _visible(request, challenge_id)
    found = queries.suggest_solvers(request.user, c, k=15)
    return render(request, "challenges/solvers.html", {"c": c, "found": found})


def _submission_or_404(request: HttpRequest, submission_id: int) -> Any:
    from .models import Submission

    sub = Submission.objects.select_related("challenge", "solver").filter(pk=submission_id).first()
    if sub is None or not submissions.may_see(request.user, sub):
        raise Http404(submission_id)
    return sub


@login_required
def attachment(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A submission's attachment, for those who may read the submission."""
    try:
        sub = submissions.attachment(request.user, submission_id)
    except NotFound as exc:
        raise Http404(submission_id) from exc
    response = HttpResponse(
        bytes(sub.attachment or b""), content_type=sub.attachment_type or "application/octet-stream"
    )
    safe = "".join(ch for ch in sub.attachment_name if ch.isalnum() or ch in "._-") or "file"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response
