"""Demo records of international actors, all marked synthetic: organisations abroad (in
Germany, the United States, Japan, Singapore and the United Kingdom), foreign-funded R&D
centres in Chinese provinces with their parents, international cooperation bases and
joint labs hosted by synthetic organisations, and two joint projects and one alliance
membership with partners abroad (through the consortia's own actions).

No real list of cooperation bases ships with innofield, so no row here claims to be
real: names are invented and say so ("synthetic"); hosts are the demo's synthetic firms,
technology-transfer centres and centres, never a real institution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from .international import country_region, record_cooperation_base, register_organization
from .models import Organization, Region

Progress = Callable[[str, int, int], None]

#: code, country, type, name_zh, name_en
ABROAD = [
    ("ABR-DE-01", "DE", "large_enterprise", "莱茵光子有限公司（虚构）", "Rheinland Photonics GmbH"),
    ("ABR-US-01", "US", "large_enterprise", "湾景生物制剂公司（虚构）", "Bayview Biologics Inc."),
    ("ABR-JP-01", "JP", "large_enterprise", "关西材料株式会社（虚构）", "Kansai Materials K.K."),
    (
        "ABR-SG-01",
        "SG",
        "research_institute",
        "海峡应用计算研究所（虚构）",
        "Straits Institute of Applied Computing",
    ),
    ("ABR-GB-01", "GB", "sme", "中部电池研究有限公司（虚构）", "Midlands Battery Research Ltd"),
]
#: code, province code, parent (code abroad), name_zh, name_en
CENTRES = [
    (
        "FRD-0001",
        "320000",
        "ABR-DE-01",
        "莱茵光子（江苏）研发中心",
        "Rheinland Photonics Jiangsu R&D Centre",
    ),
    (
        "FRD-0002",
        "310000",
        "ABR-US-01",
        "湾景生物（上海）研发中心",
        "Bayview Biologics Shanghai R&D Centre",
    ),
    (
        "FRD-0003",
        "440000",
        "ABR-JP-01",
        "关西材料（广东）研发中心",
        "Kansai Materials Guangdong R&D Centre",
    ),
]
#: code, kind, host, partners, year, name_zh, name_en
BASES = [
    (
        "ICB-0001",
        "technology_transfer_centre",
        "TTC-320000",
        ["DE", "GB"],
        2018,
        "中欧技术转移示范中心（虚构）",
        "Sino-European Technology Transfer Centre",
    ),
    (
        "ICB-0002",
        "joint_research_centre",
        "FRD-0002",
        ["US"],
        2020,
        "中美生物制剂联合研究中心（虚构）",
        "Sino-US Joint Research Centre for Biologics",
    ),
    (
        "ICB-0003",
        "innovation_park",
        "TTC-440000",
        ["JP", "SG"],
        2016,
        "亚太国际创新园（虚构）",
        "Asia-Pacific International Innovation Park",
    ),
    (
        "ICB-0004",
        "joint_lab",
        "FIRM-0001",
        ["DE"],
        2022,
        "先进光学联合实验室（虚构）",
        "Joint Laboratory of Advanced Optics",
    ),
    (
        "ICB-0005",
        "demonstration_base",
        "TTC-330000",
        ["SG", "GB"],
        2019,
        "数字经济国际科技合作示范基地（虚构）",
        "Demonstration Base of International Cooperation in the Digital Economy",
    ),
]


def _organisations(admin: Any) -> int:
    made = 0
    for code, country, type_, zh, en in ABROAD:
        register_organization(
            actor=admin,
            code=code,
            name_zh=zh,
            name_en=f"{en} (synthetic)",
            type=type_,
            country=country,
            synthetic=True,
        )
        made += 1
    for code, province, parent_code, zh, en in CENTRES:
        parent = Organization.objects.get(code=parent_code)
        register_organization(
            actor=admin,
            code=code,
            name_zh=f"{zh}（虚构）",
            name_en=f"{en} (synthetic)",
            type=Organization.Type.FOREIGN_RD_CENTRE,
            region=province,
            parent_company=parent.name_en,
            parent_country=parent.country,
            synthetic=True,
        )
        made += 1
    return made


def _bases(admin: Any) -> int:
    made = 0
    for code, kind, host, partners, year, zh, en in BASES:
        if not Organization.objects.filter(code=host).exists():
            continue
        record_cooperation_base(
            actor=admin,
            code=code,
            name_zh=zh,
            name_en=f"{en} (synthetic)",
            kind=kind,
            host=host,
            partner_countries=partners,
            year=year,
            synthetic=True,
        )
        made += 1
    return made


def _joint_project(admin: Any, code: str, title: str, lead: str, partners: list[str]) -> bool:
    from innofield.consortia import projects

    orgs = list(Organization.objects.filter(code__in=[lead, *partners]))
    if len(orgs) != 1 + len(partners):
        return False
    today = timezone.localdate()
    budget = 2_000_000_00
    projects.create_project(
        actor=admin,
        code=code,
        title=title,
        lead=next(o for o in orgs if o.code == lead),
        budget_fen=budget,
        summary="Synthetic joint project with a partner abroad, for the demo.",
        starts_on=today - dt.timedelta(days=120),
        ends_on=today + dt.timedelta(days=600),
        synthetic=True,
    )
    each = budget // (1 + len(partners))
    for org in orgs:
        projects.set_partner(actor=admin, code=code, organization=org, budget_fen=each)
    share = 100 // len(orgs)
    shares = {o.code: str(share) for o in orgs}
    shares[lead] = str(100 - share * (len(orgs) - 1))
    projects.set_ip_agreement(
        actor=admin,
        code=code,
        shares=shares,
        terms="Synthetic terms: each partner may use the foreground for research free of charge.",
    )
    projects.transition_project(actor=admin, code=code, move="start")
    return True


def _alliance_member(admin: Any, org_code: str) -> bool:
    from innofield.consortia import actions
    from innofield.consortia.models import OrgAlliance

    alliance = OrgAlliance.objects.filter(state="active").order_by("code").first()
    org = Organization.objects.filter(code=org_code).first()
    if alliance is None or org is None:
        return False
    row = actions.apply(
        actor=admin,
        alliance_code=alliance.code,
        organization=org,
        motivation="Synthetic membership of a partner abroad, for the demo.",
        synthetic=True,
    )
    actions.transition_membership(actor=admin, membership_id=row.pk, move="approve")
    return True


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Add the international demo records (all synthetic); returns counts."""
    admin = get_user_model().objects.get(username="demo-admin")
    if not Region.objects.filter(code="320000").exists():
        return {}
    for _code, country, *_rest in ABROAD:
        country_region(country)
    orgs = _organisations(admin)
    bases = _bases(admin)
    joint = 0
    for args in (
        (
            "JP-INT-001",
            "Photonic sensors for battery lines (synthetic)",
            "FIRM-0001",
            ["ABR-DE-01"],
        ),
        ("JP-INT-002", "Biologics formulation stability (synthetic)", "FRD-0002", ["ABR-US-01"]),
    ):
        joint += _joint_project(admin, *args)
        if progress:
            progress("international joint projects", joint, 2)
    members = int(_alliance_member(admin, "ABR-SG-01"))
    return {
        "organisations_international": orgs,
        "cooperation_bases": bases,
        "joint_projects_abroad": joint,
        "alliance_members_abroad": members,
    }
