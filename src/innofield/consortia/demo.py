"""Demo alliances and joint projects.

The four alliances are real: the Yangtze River Delta industry-chain alliances for
integrated circuits, biomedicine, artificial intelligence and new energy vehicles, unveiled
on 27 May 2021 at the third YRD Integrated Development High-level Forum in Wuxi, with the
Shanghai Integrated Circuit Industry Association, China Pharmaceutical University, iFLYTEK
and Geely Holding Group as their first chair units (source: China National Radio, 28 May
2021, http://www.cnr.cn/shanghai/tt/20210528/t20210528_525498232.shtml). Their charters
here are our summary of the aims that report gives. Everything else is **synthetic**
(flagged): the members on the platform (demo labs and firms), their roles and
applications, the fees, the pooled resources, and every joint project with its partners,
milestones, funding, IP agreement and results. All of it goes through the actions as
``demo-admin`` (audited), deterministic from the seed, and leaves ``innofield ledger
check`` clean.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from innofield.catalog.models import Item
from innofield.ledger.funding import fund_from_outside
from innofield.registry.models import Organization, Region

from . import actions, projects
from .models import AllianceMembership, JointProject, OrgAlliance

Progress = Callable[[str, int, int], None]
SOURCE = "China National Radio, 2021-05-28: http://www.cnr.cn/shanghai/tt/20210528/t20210528_525498232.shtml"
FOUNDED = dt.date(2021, 5, 27)
AIMS_ZH = (
    "由沪苏浙皖三省一市在工业和信息化部门指导下按市场化、轮值制原则组建。联盟为政府与企业搭建沟通平台，"
    "推动产业链上下游在信息、技术、人才和资金方面对接，开展联合攻关与推广应用，共享产业链创新平台和科研资源，"
    "开展产业链重大课题研究。"
)
AIMS_EN = (
    "Formed by Shanghai, Jiangsu, Zhejiang and Anhui under their industry and IT departments, "
    "market-led with a rotating chair. The alliance links government and firms, connects the "
    "chain's upstream and downstream on information, technology, talent and finance, runs joint "
    "tackling of key technologies and their deployment, shares innovation platforms and research "
    "resources, and studies the chain's major questions."
)
#: (code, name zh, name en, first chair zh, chair en, chair type, chair province, field)
ALLIANCES = [
    (
        "YRD-IC",
        "长三角集成电路产业链联盟",
        "YRD Integrated Circuit Industry Chain Alliance",
        "上海集成电路行业协会",
        "Shanghai Integrated Circuit Industry Association",
        "service_agency",
        "310000",
        "information technology",
    ),
    (
        "YRD-BIO",
        "长三角生物医药产业链联盟",
        "YRD Biomedicine Industry Chain Alliance",
        "中国药科大学",
        "China Pharmaceutical University",
        "university",
        "320000",
        "biomedicine",
    ),
    (
        "YRD-AI",
        "长三角人工智能产业链联盟",
        "YRD Artificial Intelligence Industry Chain Alliance",
        "科大讯飞股份有限公司",
        "iFLYTEK Co., Ltd.",
        "large_enterprise",
        "340000",
        "information technology",
    ),
    (
        "YRD-NEV",
        "长三角新能源汽车产业链联盟",
        "YRD New Energy Vehicle Industry Chain Alliance",
        "浙江吉利控股集团有限公司",
        "Zhejiang Geely Holding Group",
        "large_enterprise",
        "330000",
        "new energy",
    ),
]
#: Synthetic yearly fees in fen by role (the real alliances' fees are not published).
FEES = {"lead": 0, "core": 5_000_000, "ordinary": 1_000_000, "observer": 0}
YRD = ("310000", "320000", "330000", "340000")


def _fund(admin: Any, org: Organization, amount: int, purpose: str) -> None:
    fund_from_outside(actor=admin, org=org, amount=amount, key=f"demo:fund:consortia:{purpose}")


def _chair(zh: str, en: str, kind: str, province: str) -> Organization:
    found = Organization.objects.filter(name_zh=zh).first()
    if found is not None:
        return found
    n = Organization.objects.filter(code__startswith="ALC-").count() + 1
    return Organization.objects.create(
        code=f"ALC-{n:04d}",
        name_zh=zh,
        name_en=en,
        type=kind,
        region=Region.objects.get(code=province),
        attributes={"source": SOURCE},
    )


def _province(org: Organization) -> str:
    region = org.region
    while region.parent is not None and region.level not in ("province", "country"):
        region = region.parent
    return region.code


def _candidates() -> list[Organization]:
    orgs = (
        Organization.objects.filter(
            type__in=["state_key_lab", "sme", "specialized_sme", "large_enterprise"]
        )
        .exclude(code__startswith="ALC-")
        .select_related("region__parent__parent")
    )
    return [o for o in orgs.order_by("code")[:3000] if _province(o) in YRD]


def _alliances(admin: Any, rng: random.Random) -> list[OrgAlliance]:
    pool = _candidates()
    demo_lab = Organization.objects.filter(code="SKL-0001").first()
    demo_firm = Organization.objects.filter(code="FIRM-0001").first()
    year = timezone.localdate().year
    out = []
    for i, (code, zh, en, chair_zh, chair_en, kind, province, _field) in enumerate(ALLIANCES):
        chair = _chair(chair_zh, chair_en, kind, province)
        alliance = actions.create_alliance(
            actor=admin,
            code=code,
            name_zh=zh,
            name_en=en,
            lead=chair,
            kind="industry_chain_alliance",
            charter=f"{AIMS_ZH}\n\n{AIMS_EN}",
            region=Region.objects.get(code=province),
            founded_on=FOUNDED,
            fees=FEES,
            source=SOURCE,
        )
        members = rng.sample(pool, min(len(pool), 8))
        if i == 0:
            members = [o for o in (demo_lab, demo_firm) if o is not None] + members
        seen: set[int] = {chair.pk}
        for k, org in enumerate(members):
            if org.pk in seen:
                continue
            seen.add(org.pk)
            role = "core" if k < 2 else rng.choice(["ordinary", "ordinary", "observer"])
            if i == 0 and org == demo_firm:
                role = "ordinary"
            m = actions.apply(
                actor=admin,
                alliance_code=code,
                organization=org,
                role=role,
                motivation="Synthetic application: joint tackling and shared instruments.",
                synthetic=True,
            )
            fate = "approve" if k < 6 else rng.choice(["approve", "reject", None])
            if fate is None:
                continue  # stays an application for the lead to decide
            m = actions.transition_membership(actor=admin, membership_id=m.pk, move=fate)
            if m.state == "member" and FEES[m.role]:
                _fund(admin, org, FEES[m.role], f"fee:{m.pk}")
                actions.pay_fee(actor=admin, membership_id=m.pk, year=year)
        out.append(alliance)
    AllianceMembership.objects.filter(alliance__in=out).update(synthetic=True)
    return out


def _pool(admin: Any, alliance: OrgAlliance) -> int:
    n = 0
    members = alliance.members.filter(state="member", role__in=["lead", "core", "ordinary"])
    owners = [m.organization_id for m in members]
    for item in Item.objects.filter(
        owner_id__in=owners, kind__in=["instrument", "dataset", "computing"], status="active"
    ).order_by("id")[:12]:
        price = None
        if item.kind == "instrument":
            from innofield.booking.terms import policy_of

            price = policy_of(item).price_industry_fen * 7 // 10
        actions.pool(
            actor=admin,
            alliance_code=alliance.code,
            item_id=item.pk,
            member_price_fen=price,
            terms="Synthetic terms: members book at 70 % of the industry price; "
            "results acknowledge the alliance.",
            synthetic=True,
        )
        n += 1
    return n


def _project(
    admin: Any,
    code: str,
    title: str,
    lead: Organization,
    partners: list[Organization],
    funder: Organization,
    alliance: OrgAlliance | None,
    milestone_states: list[str],
    *,
    start: bool = True,
    complete: bool = False,
    result: str = "",
) -> JointProject:
    budget = 4_000_000_00
    today = timezone.localdate()
    p = projects.create_project(
        actor=admin,
        code=code,
        title=title,
        lead=lead,
        budget_fen=budget,
        summary="Synthetic joint project for the demo.",
        alliance=alliance,
        starts_on=today - dt.timedelta(days=400),
        ends_on=today + dt.timedelta(days=330),
        synthetic=True,
    )
    everyone = [lead, *partners]
    weights = [4, 3, 2, 1][: len(everyone)]
    for org, w in zip(everyone, weights, strict=False):
        projects.set_partner(
            actor=admin, code=code, organization=org, budget_fen=budget * w // sum(weights)
        )
    for k, org in enumerate(everyone[:3]):
        projects.add_package(
            actor=admin,
            code=code,
            package_code=f"WP{k + 1}",
            title=["Design and simulation", "Process development", "Pilot and validation"][k],
            leader=org,
        )
    if not start:
        return p
    shares = {
        o.code: str((Decimal(100 * w) / Decimal(sum(weights))).quantize(Decimal("0.01")))
        for o, w in zip(everyone, weights, strict=False)
    }
    total = sum(Decimal(v) for v in shares.values())
    shares[lead.code] = str(Decimal(shares[lead.code]) + Decimal(100) - total)
    projects.set_ip_agreement(
        actor=admin,
        code=code,
        shares=shares,
        background=[{"organization": lead.code, "title": "Prior patents of the lead (synthetic)"}],
        terms="Synthetic terms: each partner may use the foreground for research free of charge.",
    )
    projects.transition_project(actor=admin, code=code, move="start")
    amount = projects.remaining_budget(p) // max(1, len(milestone_states))
    _fund(admin, funder, budget, f"project:{code}")
    paying = sum(1 for s in milestone_states if s == "paid")
    projects.fund(
        actor=admin,
        code=code,
        funder=funder,
        amount_fen=min(budget, amount * (paying + 1)),
        programme="Synthetic: provincial key R&D programme (joint tackling)",
    )
    for k, state in enumerate(milestone_states):
        ms = projects.plan_milestone(
            actor=admin,
            code=code,
            title=["Design review", "Prototype", "Pilot line", "Field validation"][k % 4],
            amount_fen=amount,
            due_on=today + dt.timedelta(days=90 * (k - 2)),
            deliverables=["technical report", "test data"],
            package=f"WP{k % min(3, len(everyone)) + 1}",
        )
        steps = {
            "planned": [],
            "submitted": ["submit"],
            "rejected": ["submit", "reject"],
            "accepted": ["submit", "accept"],
            "paid": ["submit", "accept", "pay"],
        }[state]
        for move in steps:
            projects.transition_milestone(
                actor=admin,
                milestone_id=ms.pk,
                move=move,
                evidence="Synthetic evidence: report and measurement data uploaded.",
                review="Synthetic review: data incomplete." if move == "reject" else "",
            )
    if result:
        projects.register_result(
            actor=admin, code=code, title=result, ip_status="patent_pending", field="demo"
        )
    if complete:
        projects.transition_project(actor=admin, code=code, move="complete")
    return p


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create the alliances, their members, pools and the joint projects; returns counts."""
    rng = random.Random(seed + 18)
    admin = get_user_model().objects.get(username="demo-admin")
    alliances = _alliances(admin, rng)
    pooled = sum(_pool(admin, a) for a in alliances)
    lab = Organization.objects.filter(code="SKL-0001").first()
    firm = Organization.objects.filter(code="FIRM-0001").first()
    gov = Organization.objects.filter(code="GOV-320000").first()
    others = [o for o in _candidates() if o not in (lab, firm)]
    made = 0
    if lab and firm and gov and len(others) >= 6:
        zj = [o for o in others if _province(o) == "330000"] or others
        plans = [
            (
                "JP-2025-001",
                "SiC power module packaging for EV inverters",
                lab,
                [firm, zj[0]],
                alliances[0],
                ["paid", "accepted", "submitted", "planned"],
                True,
                False,
                "Sintered-silver SiC module packaging process",
            ),
            (
                "JP-2024-007",
                "Low-power edge AI chip for industrial vision",
                others[1],
                [firm, others[2]],
                alliances[2],
                ["paid", "paid"],
                True,
                True,
                "Edge AI vision accelerator IP core",
            ),
            (
                "JP-2025-014",
                "Continuous-flow synthesis of an API intermediate",
                others[3],
                [others[4]],
                alliances[1],
                ["paid", "rejected", "planned"],
                True,
                False,
                "",
            ),
            (
                "JP-2026-002",
                "Battery recycling: direct cathode regeneration",
                others[5],
                [lab],
                alliances[3],
                [],
                False,
                False,
                "",
            ),
        ]
        for code, title, lead, partners, alliance, states, start, complete, result in plans:
            _project(
                admin,
                code,
                title,
                lead,
                partners,
                gov,
                alliance,
                states,
                start=start,
                complete=complete,
                result=result,
            )
            made += 1
            if progress:
                progress("joint projects", made, len(plans))
    return {
        "org_alliances": len(alliances),
        "alliance_members": AllianceMembership.objects.filter(state="member").count(),
        "alliance_pool": pooled,
        "joint_projects": made,
    }
