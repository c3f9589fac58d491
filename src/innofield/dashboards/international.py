"""International actors and openness from platform records (read-only).

* :func:`platform_openness` — per province, the market deals with a party abroad and the
  joint projects with a partner abroad (issue 20 item 4: openness from platform records);
* :func:`partners_abroad` — organisations abroad that take part in platform records
  (market deals, joint projects, alliance membership), with counts per kind;
* :func:`foreign_rd_centres` — foreign-funded R&D centres in China with their parents.

"Abroad" means ``Organization.country`` other than the home country (CN); a
foreign-funded R&D centre in China is a domestic party here (it is in China). Only the
records of the other apps are read; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from innofield.core.countries import HOME
from innofield.core.permissions import Actor, restrict
from innofield.registry.models import Organization, Region

#: Deals that became contracts (the states the collaboration network counts too).
DEAL_STATES = ("signed", "registered", "completed")
#: Joint projects that run or ran (the public states of a project).
PROJECT_STATES = ("active", "completed")


def _provinces() -> dict[int, Region | None]:
    """Region id → its province (``None`` for roots: countries have no province)."""
    regions = {r.pk: r for r in Region.objects.all()}
    out: dict[int, Region | None] = {}
    for pk, region in regions.items():
        r: Region | None = region
        seen = 0
        while r is not None and r.level in ("city", "district") and seen < 10:
            r = regions.get(r.parent_id) if r.parent_id is not None else None
            seen += 1
        out[pk] = r if r is not None and r.level == "province" else None
    return out


def _count(
    groups: Iterable[list[tuple[str, Any]]], provinces: dict[int, Region | None]
) -> dict[int, int]:
    """For each group of parties (country, region id) with one abroad: +1 for every
    distinct province of its parties at home."""
    out: dict[int, int] = {}
    for parties in groups:
        if not any(country != HOME for country, _ in parties):
            continue
        seen = set()
        for country, region_id in parties:
            province = provinces.get(region_id)
            if country == HOME and province is not None and province.pk not in seen:
                seen.add(province.pk)
                out[province.pk] = out.get(province.pk, 0) + 1
    return out


def deal_groups(year: int | None = None) -> list[list[tuple[str, Any]]]:
    """The parties (buyer, seller) of each deal that became a contract, as
    ``(country, region id)``; ``year`` keeps the deals signed in that year. A deal whose
    cross-border technology contract is registered has its counterpart abroad as a third
    party (region ``None``: it has no province)."""
    from innofield.market.models import Deal

    qs = Deal.objects.filter(state__in=DEAL_STATES)
    if year is not None:
        qs = qs.filter(signed_at__year=year)
    rows = qs.values_list(
        "buyer__country",
        "buyer__region_id",
        "listing__seller__country",
        "listing__seller__region_id",
        "cross_border__counterpart_country",
        "cross_border__state",
    )
    groups: list[list[tuple[str, Any]]] = []
    for bc, br, sc, sr, counterpart, contract_state in rows:
        parties: list[tuple[str, Any]] = [(bc, br), (sc, sr)]
        if counterpart and contract_state == "registered":
            parties.append((counterpart, None))
        groups.append(parties)
    return groups


def project_groups(year: int | None = None) -> list[list[tuple[str, int]]]:
    """The partners (and lead) of each active or completed joint project as
    ``(country, region id)``; ``year`` keeps the projects starting in that year."""
    from innofield.consortia.models import JointProject, Partner

    projects = JointProject.objects.filter(state__in=PROJECT_STATES)
    if year is not None:
        projects = projects.filter(starts_on__year=year)
    groups: dict[int, list[tuple[str, int]]] = {
        pk: [(c, r)] for pk, c, r in projects.values_list("pk", "lead__country", "lead__region_id")
    }
    for pid, c, r in Partner.objects.filter(project__in=projects).values_list(
        "project_id", "organization__country", "organization__region_id"
    ):
        groups.setdefault(pid, []).append((c, r))
    return list(groups.values())


def platform_openness(year: int | None = None) -> list[dict[str, Any]]:
    """Per province (home provinces, by code): ``deals_abroad`` — market deals that became
    contracts with a party abroad, counted in the province of each party at home (a deal
    between two provinces and a party abroad counts in both) — and ``projects_abroad`` —
    active or completed joint projects with a partner abroad, counted once in each
    province of its partners at home. Provinces with neither are left out."""
    provinces = _provinces()
    deals = _count(deal_groups(year), provinces)
    projects = _count(project_groups(year), provinces)
    by_pk = {r.pk: r for r in provinces.values() if r is not None}
    rows = []
    for pk in sorted(set(deals) | set(projects), key=lambda k: by_pk[k].code):
        region = by_pk[pk]
        rows.append(
            {
                "province": region.code,
                "name_zh": region.name_zh,
                "name_en": region.name_en,
                "name": region.name,
                "deals_abroad": deals.get(pk, 0),
                "projects_abroad": projects.get(pk, 0),
            }
        )
    return rows


def partners_abroad(actor: Actor) -> list[dict[str, Any]]:
    """Organisations abroad in platform records the actor may see: deals that became
    contracts (only deals visible to the actor — their own, or all for platform admins),
    active or completed joint projects and current membership of active alliances (both
    public). One row per organisation with a count per kind, most active first."""
    from innofield.consortia.models import AllianceMembership, JointProject, Partner
    from innofield.market.models import Deal

    counts: dict[int, dict[str, int]] = {}

    def add(ids: Iterable[int], kind: str) -> None:
        for pk in ids:
            row = counts.setdefault(pk, {"deals": 0, "projects": 0, "alliances": 0})
            row[kind] += 1

    abroad = set(Organization.objects.exclude(country=HOME).values_list("pk", flat=True))
    if not abroad:
        return []
    deals = restrict(Deal.objects.filter(state__in=DEAL_STATES), actor)
    for buyer, seller in deals.values_list("buyer_id", "listing__seller_id"):
        add({buyer, seller} & abroad, "deals")
    projects = JointProject.objects.filter(state__in=PROJECT_STATES)
    by_project: dict[int, set[int]] = {}
    for pid, lead in projects.values_list("pk", "lead_id"):
        by_project.setdefault(pid, set()).add(lead)
    for pid, org in Partner.objects.filter(project__in=projects).values_list(
        "project_id", "organization_id"
    ):
        by_project.setdefault(pid, set()).add(org)
    for members_of in by_project.values():
        add(members_of & abroad, "projects")
    members = AllianceMembership.objects.filter(
        state="member", alliance__state="active", organization_id__in=abroad
    ).values_list("organization_id", flat=True)
    add(members, "alliances")
    by_pk = {o.pk: o for o in Organization.objects.filter(pk__in=counts).select_related("region")}
    rows: list[dict[str, Any]] = [{"organization": by_pk[pk], **n} for pk, n in counts.items()]
    rows.sort(
        key=lambda r: (-(r["deals"] + r["projects"] + r["alliances"]), r["organization"].code)
    )
    return rows


def foreign_rd_centres(actor: Actor) -> QuerySet[Organization]:
    """Foreign-funded R&D centres the actor may see, with their regions, by code."""
    return restrict(
        Organization.objects.filter(type=Organization.Type.FOREIGN_RD_CENTRE).select_related(
            "region", "region__parent"
        ),
        actor,
    )
