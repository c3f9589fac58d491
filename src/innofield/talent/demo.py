"""Demo talent records, all **synthetic** (deterministic from the seed): researchers at
the real State Key Laboratories (their names invented, their topics the labs' real names
and areas), most of them consenting to publication with varied parts shown, moves between
labs in different provinces over the last five years, talent demands of demo firms, and
demo-lab's manager as an expert with one consultation asked by demo-firm. The rows carry
``synthetic=True`` (a tag on the pages) and no marker in their text, which would match
every query."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from innofield.registry.models import Organization

from . import actions, availability, consultations
from .models import SHOWABLE

Progress = Callable[[str, int, int], None]
BASIS = "synthetic demo record"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静磊洋勇艳杰涛明超秀霞平刚桂英华"


def _topic(lab: Organization) -> str:
    return lab.name_zh.replace("国家重点实验室", "")


def _person(admin: Any, rng: random.Random, i: int, lab: Organization) -> Any:
    area = lab.attributes.get("area_zh", "")
    row = actions.create_profile(
        actor=admin,
        on_behalf=True,
        name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
        kind=rng.choice(actions.KINDS),
        fields=[f for f in (area, *lab.fields) if f],
        skills=[_topic(lab)],
        organization=lab,
        region=lab.region,
        languages=["zh", "en"] if rng.random() < 0.6 else ["zh"],
        consults_across_regions=rng.random() < 0.5,
        bio=f"在{lab.name_zh}从事研究。",
        synthetic=True,
    )
    if rng.random() < 0.8:
        # availability is not drawn (none of these people set hours): the draws stay as before
        shown = [
            p
            for p in SHOWABLE
            if p != "availability" and (p in ("fields", "skills") or rng.random() < 0.7)
        ]
        actions.give_consent(actor=admin, profile_id=row.pk, shown=shown, basis=BASIS)
    return row


def _moves(
    admin: Any, rng: random.Random, people: list[Any], labs: list[Organization], today: dt.date
) -> int:
    n = 0
    for row in people:
        if rng.random() >= 0.4:
            continue
        day = today - dt.timedelta(days=rng.randrange(200, 1800))
        for _ in range(rng.randint(1, 2)):
            dest = rng.choice(labs)
            actions.record_move(
                actor=admin,
                profile_id=row.pk,
                to_region=dest.region,
                to_organization=dest,
                moved_on=day,
                basis=BASIS,
                synthetic=True,
            )
            n += 1
            day = min(today, day + dt.timedelta(days=rng.randrange(90, 700)))
    return n


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create the demo's talent records; returns counts."""
    rng = random.Random(seed + 20)
    users = get_user_model().objects
    admin = users.get(username="demo-admin")
    today = timezone.localdate()
    labs = list(
        Organization.objects.filter(type="state_key_lab")
        .select_related("region")
        .order_by("code")[:200]
    )
    with transaction.atomic():
        people = [_person(admin, rng, i, lab) for i, lab in enumerate(labs[:150])]
        moves = _moves(admin, rng, people, labs, today)
        firms = list(Organization.objects.filter(code__startswith="FIRM-").order_by("code")[:6])
        for k, firm in enumerate(firms):
            lab = labs[(k * 23) % len(labs)]
            actions.create_demand(
                actor=admin,
                organization=firm,
                code=f"TD-DEMO-{k + 1}",
                title=f"{_topic(lab)}方向专家",
                field=lab.attributes.get("area_zh", ""),
                skills=[_topic(lab)],
                region=firm.region if k % 2 else None,
                languages=["en"] if k == 3 else [],
                needs_mobility=k == 4,
                synthetic=True,
            )
        lab_user = users.filter(username="demo-lab").first()
        firm_org = Organization.objects.filter(code="FIRM-0001").first()
        if lab_user is not None and labs and firm_org is not None:
            mine = actions.create_profile(
                actor=lab_user,
                name="demo-lab",
                kind="expert",
                skills=[_topic(labs[0])],
                organization=labs[0],
                region=labs[0].region,
                consults_across_regions=True,
                synthetic=True,
            )
            actions.give_consent(
                actor=lab_user,
                profile_id=mine.pk,
                shown=["fields", "skills", "organization", "mobility", "availability"],
            )
            wanted = today + dt.timedelta(days=7)
            while wanted.weekday() > 4:
                wanted += dt.timedelta(days=1)
            availability.set_availability(
                actor=lab_user,
                profile_id=mine.pk,
                weekly=[
                    {"day": d, "start": a, "end": b}
                    for d in range(5)
                    for a, b in (("09:00", "12:00"), ("14:00", "17:00"))
                ],
                max_hours_day=4,
                max_hours_week=12,
                days_off=[wanted + dt.timedelta(days=7)],
            )
            consultations.request(
                actor=admin,
                profile_id=mine.pk,
                organization=firm_org,
                topic="一小时技术咨询",
                wanted_on=wanted,
                starts_at=dt.time(9, 0),
                hours=1,
            )
    if progress:
        progress("talent", len(people), len(people))
    return {"talent_profiles": len(people), "talent_moves": moves, "talent_demands": len(firms)}
