"""Demo records of policy supervision: two policies of demo-gov's bureau (GOV-320000) with
measures, tasks and one evaluation each, queued as jobs (``innofield serve`` runs a worker;
the load itself stays fast).

1. **A real case on real data**: the National Independent Innovation Demonstration Zones
   (国家自主创新示范区), approved by the State Council one province at a time since 2009 —
   a staggered adoption. The outcome is the yearbook's invention patents granted
   (``v4_cg_zlsq2_fm``, log) of the 31 provinces, 2010–2021; the adoption years below are
   the years of the State Council's approvals (国函 replies, listed by MOST), counted from the
   next year for approvals in July–December. Provinces without a zone by 2021 are the
   comparison group. The policy record itself (issuer, measures, tasks) is demo data.
2. **Synthetic**: Jiangsu's innovation-voucher programme and firms' instrument use — a
   made-up panel of 60 demo firms × 24 months of completed bookings in which 30 firms get
   vouchers in staggered months and book about one more instrument session a month after
   that (the true effect the evaluation should find). Marked synthetic everywhere.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from innofield.registry.models import Organization, Region

from . import actions
from . import evaluation_actions as evaluations

Progress = Callable[[str, int, int], None]

#: Province (GB/T 2260) → first year under a National Independent Innovation Demonstration
#: Zone, from the State Council's approvals: Zhongguancun 2009-03, Wuhan Donghu 2009-12,
#: Shanghai Zhangjiang 2011-01, Shenzhen 2014-05, Sunan 2014-10, Changzhutan 2014-12,
#: Tianjin 2014-12, Chengdu 2015-06, Xi'an 2015-08, Hangzhou 2015-08, Zhengluoxin 2016-04,
#: Shandong Peninsula 2016-04, Shenda 2016-04, Fuxiaquan 2016-06, Hewubeng 2016-06,
#: Chongqing 2016-07, Lanbai 2018-02, Wuchangshi 2018-11, Poyang Lake 2019-08.
NIIDZ_FIRST_YEAR = {
    "110000": 2009,
    "420000": 2010,
    "310000": 2011,
    "440000": 2014,
    "320000": 2015,
    "430000": 2015,
    "120000": 2015,
    "510000": 2015,
    "610000": 2016,
    "330000": 2016,
    "410000": 2016,
    "370000": 2016,
    "210000": 2016,
    "350000": 2016,
    "340000": 2016,
    "500000": 2017,
    "620000": 2018,
    "650000": 2019,
    "360000": 2020,
}
NIIDZ_SOURCE = (
    "State Council approvals (国函) of the National Independent Innovation Demonstration "
    "Zones, 2009–2019, as listed by the Ministry of Science and Technology; first year = the "
    "approval year, or the next year for approvals in July–December. Outcome: China S&T "
    "Statistical Yearbook via huhuaping/techme (MIT)."
)
PATENTS = "v4_cg_zlsq2_fm"


def _month(today: dt.date, back: int) -> int:
    return today.year * 12 + today.month - 1 - back


def voucher_panel(seed: int, today: dt.date) -> tuple[list[list[object]], list[dict[str, str]]]:
    """Synthetic firm × month bookings with staggered voucher grants (true effect +1/month)."""
    from .panels import show_period

    rng = random.Random(seed + 19)
    firms = list(
        Organization.objects.filter(code__startswith="FIRM-")
        .order_by("code")
        .values_list("code", flat=True)[:60]
    )
    first, last = _month(today, 24), _month(today, 1)
    treated = {f: first + rng.randrange(8, 19) for f in firms[::2]}
    rows: list[list[object]] = []
    for f in firms:
        level = rng.uniform(1.0, 4.0)
        for t in range(first, last + 1):
            season = 0.6 if (t % 12) in (0, 1) else 0.0  # fewer bookings in January-February
            effect = 1.0 if f in treated and t >= treated[f] else 0.0
            y = max(0, round(level - season + effect + 0.02 * (t - first) + rng.gauss(0, 0.7)))
            rows.append([f, show_period(t, "organization"), y])
    adoption = [{"unit": f, "adoption": show_period(t, "organization")} for f, t in treated.items()]
    return rows, adoption


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create the demo policies and queue their evaluations; returns counts."""
    officer = get_user_model().objects.filter(username="demo-gov").first()
    gov = Organization.objects.filter(code="GOV-320000").first()
    js = Region.objects.filter(code="320000").first()
    if officer is None or gov is None or js is None:
        return {"policies": 0, "policy evaluations": 0}
    today = timezone.localdate()
    lab = Organization.objects.filter(code="SKL-0001").first()
    zone = actions.create_policy(
        actor=officer,
        code="DEMO-SNZ",
        title="苏南国家自主创新示范区建设 (demo record)",
        issuer=gov,
        region=js,
        issued_on=dt.date(2014, 10, 20),
        effective_from=dt.date(2014, 10, 20),
        summary="Demo record of a real policy: the Sunan National Independent Innovation "
        "Demonstration Zone; its evaluation uses real yearbook data.",
        synthetic=True,
    )
    m = actions.add_measure(
        actor=officer, code=zone.code, title="Open the zone's key labs to firms", responsible=[gov]
    )
    actions.add_task(
        actor=officer,
        measure_id=m.pk,
        title="Publish the zone's shared-instrument list",
        responsible=lab or gov,
        deadline=today + dt.timedelta(days=30),
    )
    actions.transition_policy(actor=officer, code=zone.code, transition="enact")
    provinces = set(Region.objects.filter(level="province").values_list("code", flat=True))
    n = 0
    if PATENTS and provinces:
        evaluations.create_evaluation(
            actor=officer,
            code=zone.code,
            title="National innovation demonstration zones and invention patents (real data)",
            unit_kind="province",
            outcome=f"stats:{PATENTS}",
            log_outcome=True,
            design="did",
            control="never",
            treated=[
                {"unit": c, "adoption": str(y)}
                for c, y in NIIDZ_FIRST_YEAR.items()
                if c in provinces
            ],
            start="2010",
            end="2021",
            source_note=NIIDZ_SOURCE,
        )
        n += 1
    vouchers = actions.create_policy(
        actor=officer,
        code="DEMO-JSIV",
        title="江苏省科技创新券 (synthetic)",
        issuer=gov,
        region=js,
        issued_on=today - dt.timedelta(days=760),
        effective_from=today - dt.timedelta(days=760),
        summary="Synthetic demo policy: innovation vouchers for SMEs' use of shared instruments.",
        synthetic=True,
    )
    m = actions.add_measure(
        actor=officer,
        code=vouchers.code,
        title="Vouchers for SMEs' instrument bookings",
        responsible=[gov],
    )
    actions.add_task(
        actor=officer,
        measure_id=m.pk,
        title="Settle the first quarter's redemptions",
        responsible=gov,
        deadline=today + dt.timedelta(days=45),
    )
    actions.transition_policy(actor=officer, code=vouchers.code, transition="enact")
    rows, adoption = voucher_panel(seed, today)
    if adoption:
        evaluations.create_evaluation(
            actor=officer,
            code=vouchers.code,
            title="Vouchers and firms' instrument bookings (synthetic panel)",
            unit_kind="organization",
            outcome="panel",
            outcome_label="completed instrument bookings a month (synthetic)",
            design="did",
            control="notyet",
            treated=adoption,
            start=str(rows[0][1]),
            end=str(rows[-1][1]),
            panel=rows,
            source_note="Synthetic demo panel (seed 20261124): true effect +1 booking a month.",
            synthetic=True,
        )
        n += 1
    if progress:
        progress("policies", 1, 1)
    return {"policies": 2, "policy evaluations": n}
