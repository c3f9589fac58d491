"""Profiles, demands and matches as the API, pages and exports show them.

To anyone but its person (and an admin acting on the person's request) a profile shows
its name, kind and only the parts its consent lists; the others are left out, not blanked.
"""

from __future__ import annotations

from typing import Any

from innofield.core.permissions import Actor, is_platform_admin

from .models import SHOWABLE, Consultation, Profile, TalentDemand


def is_person(actor: Actor, row: Profile) -> bool:
    """True if ``actor`` is the profile's person."""
    return bool(actor is not None and actor.is_authenticated and row.user_id == actor.pk)


def _history(row: Profile) -> list[dict[str, Any]]:
    return [
        {
            "moved_on": m.moved_on,
            "from_organization": m.from_organization.name if m.from_organization else "",
            "to_organization": m.to_organization.name if m.to_organization else "",
            "from_region": m.from_region.code if m.from_region else "",
            "to_region": m.to_region.code,
        }
        for m in row.moves.select_related(
            "from_organization", "to_organization", "from_region", "to_region"
        )
    ]


def profile(row: Profile, viewer: Actor, *, acting: bool = False) -> dict[str, Any]:
    """The profile as ``viewer`` may see it; ``acting``: a platform admin opening one
    profile to act on its person's request sees all of it."""
    full = is_person(viewer, row) or (acting and is_platform_admin(viewer))
    shown = set(SHOWABLE) if full else set(row.shown)
    out: dict[str, Any] = {
        "id": row.pk,
        "name": row.name,
        "kind": row.kind,
        "state": row.state,
        "shown": row.shown,
        "synthetic": row.synthetic,
    }
    if "fields" in shown:
        out["fields"] = row.fields
    if "skills" in shown:
        out["skills"] = row.skills
    if "organization" in shown:
        out["organization"] = row.organization.name if row.organization else ""
    if "region" in shown:
        out["region"] = row.region.code if row.region else ""
    if "languages" in shown:
        out["languages"] = row.languages
    if "mobility" in shown:
        out["consults_across_regions"] = row.consults_across_regions
    if "bio" in shown:
        out["bio"] = row.bio
    if "history" in shown:
        out["history"] = _history(row)
    return out


def demand(row: TalentDemand) -> dict[str, Any]:
    """A talent demand."""
    return {
        "code": row.code,
        "organization": row.organization.code,
        "title": row.title,
        "field": row.field,
        "skills": row.skills,
        "description": row.description,
        "region": row.region.code if row.region else "",
        "languages": row.languages,
        "needs_mobility": row.needs_mobility,
        "state": row.state,
        "synthetic": row.synthetic,
    }


def match(found: dict[str, Any], viewer: Actor) -> dict[str, Any]:
    """One ranked match with its explanation."""
    return {
        "profile": profile(found["profile"], viewer),
        "score": round(found["score"], 4),
        "rank": found["rank"],
        "matched_terms": found["matched_terms"],
        "filters": found["filters"],
    }


def consultation(row: Consultation) -> dict[str, Any]:
    """A consultation (its parties see it: the expert's name is theirs to know)."""
    return {
        "id": row.pk,
        "profile": row.profile_id,
        "expert": row.profile.name,
        "organization": row.organization.code,
        "topic": row.topic,
        "hours": row.hours,
        "wanted_on": row.wanted_on,
        "starts_at": row.starts_at.strftime("%H:%M") if row.starts_at else None,
        "fee_fen": row.fee_fen,
        "payee": row.payee.code if row.payee else "",
        "transfer_key": row.transfer_key,
        "paid_fen": row.paid_fen,
        "voucher_fen": row.voucher_fen,
        "due_fen": row.due_fen,
        "state": row.state,
    }
