"""State changes of talent profiles and demands. Each takes the acting user, runs in one
transaction and writes its audit row in it.

A profile belongs to its person: only they — or a platform admin acting on their
documented request (``basis``) — give or withdraw consent, record moves or erase it.
Audit rows name the profile by number and record what changed, not the personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import (
    Conflict,
    FieldError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, is_platform_admin, require_member
from innofield.registry.models import Organization, Region

from .lifecycle import CONSENT, DEMAND
from .models import SHOWABLE, Consent, Move, Profile, TalentDemand

KINDS = ("expert", "researcher", "engineer")
CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def _words(values: list[str], field: str, problems: list[tuple[str, str]]) -> list[str]:
    out = [v.strip() for v in values if v.strip()]
    if len(out) > 30 or any(len(v) > 80 for v in out):
        problems.append((field, "at most 30 entries of at most 80 characters"))
    return out


def _fail(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])


def _repr(profile: Profile) -> str:
    return f"profile #{profile.pk}"


def require_person(actor: Actor, profile: Profile, what: str, basis: str = "") -> None:
    """The person themselves, or a platform admin naming the person's documented request."""
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(f"you must log in to {what}")
    if profile.user_id is not None and profile.user_id == actor.pk:
        return
    if is_platform_admin(actor):
        if not basis.strip():
            raise ValidationFailed.single(
                "basis", "an admin acts only on the person's documented request: cite it"
            )
        return
    raise PermissionDenied(
        f"only the person or a platform admin on their documented request may {what}"
    )


def _locked(profile_id: int) -> Profile:
    row = get_visible(Profile.objects.select_for_update(), profile_id, "profile")
    return row


def create_profile(
    *,
    actor: Actor,
    name: str,
    kind: str = "researcher",
    fields: list[str] | None = None,
    skills: list[str] | None = None,
    organization: Organization | None = None,
    region: Region | None = None,
    languages: list[str] | None = None,
    consults_across_regions: bool = False,
    bio: str = "",
    on_behalf: bool = False,
    user: Any = None,
    synthetic: bool = False,
) -> Profile:
    """A private profile: of the actor themselves, or — ``on_behalf``, platform admins
    only — of ``user`` or of a person without an account (``user=None``). It is shown to
    nobody until its person consents."""
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated("you must log in to create a profile")
    if on_behalf and not is_platform_admin(actor):
        raise PermissionDenied("only platform admins create profiles for other people")
    if not on_behalf:
        if user is not None and user != actor:
            raise ValidationFailed.single("user", "name a user only with on_behalf (admins)")
        user = actor
    problems: list[tuple[str, str]] = []
    if not name.strip():
        problems.append(("name", "is required"))
    if kind not in KINDS:
        problems.append(("kind", f"must be one of {', '.join(KINDS)}"))
    fields_ = _words(fields or [], "fields", problems)
    skills_ = _words(skills or [], "skills", problems)
    langs = _words(languages or [], "languages", problems)
    _fail(problems)
    with transaction.atomic():
        if user is not None and Profile.objects.filter(user=user).exists():
            raise Conflict("this user already has a profile")
        row = Profile.objects.create(
            user=user,
            name=name.strip(),
            kind=kind,
            fields=fields_,
            skills=skills_,
            organization=organization,
            region=region,
            languages=[x.lower() for x in langs],
            consults_across_regions=consults_across_regions,
            bio=bio.strip(),
            state=CONSENT.start("create"),
            synthetic=synthetic,
        )
        audit.record(
            actor,
            "talent.profile.create",
            row,
            {"state": [None, row.state]},
            object_repr=_repr(row),
        )
    return row


def give_consent(*, actor: Actor, profile_id: int, shown: list[str], basis: str = "") -> Profile:
    """Publish the profile showing the name and the parts in ``shown``; replaces an
    earlier consent (which is closed as withdrawn)."""
    unknown = sorted(set(shown) - set(SHOWABLE))
    if unknown:
        raise ValidationFailed.single(
            "shown", f"unknown part(s) {', '.join(unknown)}: choose from {', '.join(SHOWABLE)}"
        )
    parts = [s for s in SHOWABLE if s in shown]
    with transaction.atomic():
        row = _locked(profile_id)
        require_person(actor, row, "publish this profile", basis)
        old = row.state
        row.state = CONSENT.advance(row.state, "consent")
        now = timezone.now()
        Consent.objects.filter(profile=row, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=actor
        )
        Consent.objects.create(
            profile=row,
            shown=parts,
            given_at=now,
            given_by_id=actor.pk if actor is not None else None,
            basis=basis.strip(),
        )
        changes = {"state": [old, row.state], "shown": [row.shown, parts]}
        row.shown = parts
        row.save(update_fields=["state", "shown", "updated"])
        audit.record(actor, "talent.profile.consent", row, changes, object_repr=_repr(row))
    return row


def withdraw_consent(*, actor: Actor, profile_id: int, basis: str = "") -> Profile:
    """Withdraw consent: the profile is private again and leaves the search index."""
    with transaction.atomic():
        row = _locked(profile_id)
        require_person(actor, row, "withdraw consent", basis)
        old = row.state
        row.state = CONSENT.advance(row.state, "withdraw")
        Consent.objects.filter(profile=row, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=actor
        )
        changes = {"state": [old, row.state], "shown": [row.shown, []]}
        row.shown = []
        row.save(update_fields=["state", "shown", "updated"])
        audit.record(actor, "talent.profile.withdraw", row, changes, object_repr=_repr(row))
    return row


def erase_profile(*, actor: Actor, profile_id: int, basis: str = "") -> None:
    """Delete a private profile with its consents and moves (the person's request)."""
    with transaction.atomic():
        row = _locked(profile_id)
        require_person(actor, row, "erase this profile", basis)
        CONSENT.advance(row.state, "erase")
        audit.record(
            actor,
            "talent.profile.erase",
            row,
            {"state": [row.state, "erased"]},
            object_repr=_repr(row),
        )
        row.delete()


def record_move(
    *,
    actor: Actor,
    profile_id: int,
    to_region: Region,
    moved_on: dt.date,
    to_organization: Organization | None = None,
    from_organization: Organization | None = None,
    from_region: Region | None = None,
    basis: str = "",
    synthetic: bool = False,
) -> Move:
    """Record that the person moved to ``to_organization`` in ``to_region`` on ``moved_on``;
    the origin defaults to the profile's current organisation and region. The latest move
    sets the current organisation and region."""
    if moved_on > timezone.localdate():
        raise ValidationFailed.single("moved_on", "must not be in the future")
    with transaction.atomic():
        row = _locked(profile_id)
        require_person(actor, row, "record a move", basis)
        move = Move.objects.create(
            profile=row,
            moved_on=moved_on,
            to_region=to_region,
            to_organization=to_organization,
            from_organization=from_organization or row.organization,
            from_region=from_region or row.region,
            synthetic=synthetic,
        )
        latest = row.moves.order_by("-moved_on", "-id").first()
        if latest is not None and latest.pk == move.pk:
            row.organization, row.region = to_organization, to_region
            row.save(update_fields=["organization", "region", "updated"])
        audit.record(
            actor,
            "talent.move.create",
            move,
            {"to_region": to_region.code, "moved_on": moved_on.isoformat()},
            object_repr=f"move of profile #{row.pk}",
        )
    return move


def create_demand(
    *,
    actor: Actor,
    organization: Organization,
    code: str,
    title: str,
    field: str = "",
    skills: list[str] | None = None,
    description: str = "",
    region: Region | None = None,
    languages: list[str] | None = None,
    needs_mobility: bool = False,
    synthetic: bool = False,
) -> TalentDemand:
    """An organisation's open search for an expert."""
    require_member(actor, organization, "create")
    problems: list[tuple[str, str]] = []
    if not code or len(code) > 40 or set(code) - CODE_CHARS:
        problems.append(("code", "must be 1-40 letters, digits or - _ ."))
    if not title.strip():
        problems.append(("title", "is required"))
    skills_ = _words(skills or [], "skills", problems)
    langs = _words(languages or [], "languages", problems)
    _fail(problems)
    with transaction.atomic():
        if TalentDemand.objects.filter(code=code).exists():
            raise ValidationFailed.single("code", f"a talent demand {code!r} already exists")
        row = TalentDemand.objects.create(
            code=code,
            organization=organization,
            title=title.strip(),
            field=field.strip(),
            skills=skills_,
            description=description.strip(),
            region=region,
            languages=[x.lower() for x in langs],
            needs_mobility=needs_mobility,
            state=DEMAND.start("open"),
            synthetic=synthetic,
        )
        audit.record(actor, "talent.demand.open", row, after=audit.snapshot(row))
    return row


def transition_demand(*, actor: Actor, code: str, transition: str) -> TalentDemand:
    """Fill, close, reopen or archive a talent demand (its organisation's members)."""
    if transition not in DEMAND.transitions() or transition == "open":
        raise ValidationFailed.single("transition", f"unknown demand transition {transition!r}")
    with transaction.atomic():
        row = TalentDemand.objects.select_for_update().filter(code=code).first()
        if row is None:
            raise NotFound(f"no talent demand {code!r}")
        require_member(actor, row.organization, "change")
        before = audit.snapshot(row)
        old, row.state = row.state, DEMAND.advance(row.state, transition)
        row.save(update_fields=["state"])
        audit.record(
            actor,
            f"talent.demand.{transition}",
            row,
            {"state": [old, row.state]},
            before=before,
            after=audit.snapshot(row),
        )
    return row
