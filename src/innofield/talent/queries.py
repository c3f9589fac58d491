"""Reading talent: profiles others may see, demands, and the matches of a demand.

Visibility of a profile: its person sees it always; everyone else only while it is
published, and then only its name and the parts its consent shows (see
:mod:`innofield.talent.present`). Lists, search, matches and exports hold published
profiles only — also for platform admins, who may open a private profile by number to
act on its person's request.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from innofield.core.errors import NotFound
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, is_platform_admin, restrict
from innofield.registry.models import Region

from . import index
from .models import Profile, TalentDemand


def _me(actor: Actor) -> Q:
    if actor is None or not actor.is_authenticated:
        return Q(pk__in=[])
    return Q(user_id=actor.pk)


def profiles(actor: Actor, *, text: str = "", own: bool = True) -> QuerySet[Profile]:
    """Published profiles (and, with ``own``, the actor's own); ``text`` searches the
    index, which holds only what published profiles show."""
    visible = Q(state="published") | (_me(actor) if own else Q(pk__in=[]))
    qs = Profile.objects.filter(visible).select_related("organization", "region")
    if text:
        found = [int(r.id) for r in index.search(text, k=500)]
        qs = qs.filter(Q(pk__in=found) | (_me(actor) & Q(name__icontains=text)))
    return qs


def profile(actor: Actor, profile_id: int) -> Profile:
    """One profile the actor may see, or :class:`NotFound` (also for private ones)."""
    qs = Profile.objects.select_related("organization", "region")
    if not is_platform_admin(actor):
        qs = qs.filter(Q(state="published") | _me(actor))
    row = get_visible(qs, profile_id, "profile")
    return row


def demands(actor: Actor, *, state: str = "") -> QuerySet[TalentDemand]:
    """Talent demands the actor may see: open ones, and their organisations' all."""
    qs = restrict(TalentDemand.objects.select_related("organization", "region"), actor)
    return qs.filter(state=state) if state else qs


def demand(actor: Actor, code: str) -> TalentDemand:
    """One visible talent demand, or :class:`NotFound`."""
    row = demands(actor).filter(code=code).first()
    if row is None:
        raise NotFound(f"no talent demand {code!r}")
    return row


def within(region: Region | None, ancestor: Region) -> bool:
    """True if ``region`` is ``ancestor`` or lies below it."""
    node = region
    while node is not None:
        if node.pk == ancestor.pk:
            return True
        node = node.parent
    return False


def passes(row: Profile, demand: TalentDemand) -> list[str]:
    """The demand's filters a published profile passes, judged on the parts it shows only;
    empty if it fails one."""
    shown, reasons = set(row.shown), []
    mobile = "mobility" in shown and row.consults_across_regions
    if demand.needs_mobility:
        if not mobile:
            return []
        reasons.append("consults across regions")
    if demand.region is not None:
        if "region" in shown and within(row.region, demand.region):
            reasons.append(f"in {demand.region.code}")
        elif mobile:
            reasons.append(f"consults in {demand.region.code} from elsewhere")
        else:
            return []
    if demand.languages:
        spoken = set(row.languages) if "languages" in shown else set()
        if not set(demand.languages) <= spoken:
            return []
        reasons.append("speaks " + ", ".join(demand.languages))
    return reasons or ["no filters"]


def demand_query(demand: TalentDemand) -> str:
    """The text a demand is matched with."""
    return " ".join([demand.title, demand.field, *demand.skills, demand.description]).strip()


def matches(demand: TalentDemand, k: int = 10) -> list[dict[str, Any]]:
    """Published profiles ranked for the demand after its filters, with explanations."""
    rows = {
        str(p.pk): p
        for p in Profile.objects.filter(state="published").select_related(
            "organization", "region__parent__parent"
        )
    }
    reasons = {pk: passes(p, demand) for pk, p in rows.items()}
    allowed = {pk for pk, r in reasons.items() if r}
    if not allowed:
        return []
    found = index.search(demand_query(demand), k=k, allowed_ids=allowed)
    return [
        {
            "profile": rows[r.id],
            "score": r.score,
            "rank": r.rank,
            "matched_terms": r.explanation.matched_terms,
            "filters": reasons[r.id],
        }
        for r in found
        if r.id in rows
    ]
