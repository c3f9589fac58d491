"""Openness from platform records and the International page: deals and joint projects
with parties abroad counted per province, checked against numbers worked out by hand from
the fixture rows below; partners abroad as each visitor may see them; pages in English and
Chinese; the API."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from innofield.dashboards import international
from innofield.registry.international import country_region
from innofield.registry.models import Organization


@pytest.fixture
def records(world: Any) -> SimpleNamespace:
    """Parties: LAB (Nanjing → Jiangsu 320000), RIVAL (Jiangsu), FIRM (Zhejiang 330000),
    FRD a foreign-funded centre in Jiangsu (in China, so not abroad), DEO (Germany) and
    USO (United States).

    Deals (seller → buyer, state, year signed):
      d1 LAB → DEO signed 2025       abroad: Jiangsu +1
      d2 DEO → FIRM registered 2025  abroad: Zhejiang +1
      d3 LAB → FIRM completed 2025   no party abroad
      d4 USO → RIVAL inquiry         not a contract: not counted
      d5 RIVAL → USO completed 2024  abroad: Jiangsu +1
      d6 FRD → FIRM completed 2025   the centre is in China: not counted
    Joint projects (lead; partners; state; start year):
      p1 LAB; RIVAL, DEO, FIRM; active 2025   Jiangsu +1 (once for LAB and RIVAL), Zhejiang +1
      p2 FIRM; USO; draft 2025                not running: not counted
      p3 LAB; FIRM; completed 2025            no partner abroad
      p4 USO; RIVAL; completed 2024           Jiangsu +1
    By hand: Jiangsu deals 2 (d1, d5), projects 2 (p1, p4); Zhejiang deals 1 (d2),
    projects 1 (p1). In 2025 only: Jiangsu 1 and 1, Zhejiang 1 and 1.
    """
    from innofield.catalog.models import Item
    from innofield.consortia.models import JointProject, Partner
    from innofield.market.models import Deal, Listing

    deo = Organization.objects.create(
        code="DEO",
        name_zh="德国公司",
        name_en="German Co.",
        type="large_enterprise",
        region=country_region("DE"),
        country="DE",
    )
    uso = Organization.objects.create(
        code="USO",
        name_zh="美国大学",
        name_en="US University",
        type="university",
        region=country_region("US"),
        country="US",
    )
    frd = Organization.objects.create(
        code="FRD",
        name_zh="外资研发中心",
        name_en="Foreign R&D Centre",
        type="foreign_rd_centre",
        region=world.js,
        parent_company="Parent GmbH",
        parent_country="DE",
    )
    w = world

    def deal(seller: Organization, buyer: Organization, state: str, year: int | None) -> Deal:
        item = Item.objects.create(kind="technology", title="t", owner=seller, region=seller.region)
        listing = Listing.objects.create(
            item=item, seller=seller, title="t", mode="license", state="closed"
        )
        signed = timezone.make_aware(dt.datetime(year, 6, 1)) if year else None
        return Deal.objects.create(listing=listing, buyer=buyer, state=state, signed_at=signed)

    deal(w.lab, deo, "signed", 2025)
    deal(deo, w.firm, "registered", 2025)
    deal(w.lab, w.firm, "completed", 2025)
    deal(uso, w.rival, "inquiry", None)
    deal(w.rival, uso, "completed", 2024)
    deal(frd, w.firm, "completed", 2025)

    def project(
        code: str, lead: Organization, others: list[Organization], state: str, year: int
    ) -> None:
        p = JointProject.objects.create(
            code=code,
            title=code,
            lead=lead,
            budget_fen=100_000,
            state=state,
            starts_on=dt.date(year, 3, 1),
        )
        Partner.objects.create(project=p, organization=lead, role="lead")
        for o in others:
            Partner.objects.create(project=p, organization=o)

    project("P1", w.lab, [w.rival, deo, w.firm], "active", 2025)
    project("P2", w.firm, [uso], "draft", 2025)
    project("P3", w.lab, [w.firm], "completed", 2025)
    project("P4", uso, [w.rival], "completed", 2024)
    return SimpleNamespace(deo=deo, uso=uso, frd=frd)


def _counts(rows: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    return {r["province"]: (r["deals_abroad"], r["projects_abroad"]) for r in rows}


def test_openness_per_province_matches_the_hand_count(records: SimpleNamespace) -> None:
    assert _counts(international.platform_openness()) == {"320000": (2, 2), "330000": (1, 1)}
    assert _counts(international.platform_openness(2025)) == {
        "320000": (1, 1),
        "330000": (1, 1),
    }
    assert _counts(international.platform_openness(2024)) == {"320000": (1, 1)}
    assert international.platform_openness(2019) == []


def test_a_registered_cross_border_contract_makes_a_domestic_deal_international(
    world: Any,
) -> None:
    """lab (Jiangsu) sells to firm (Zhejiang); with registered export terms to Germany the
    deal counts once in each province, with draft terms it does not count."""
    from innofield.catalog.models import Item
    from innofield.market.models import CrossBorderContract, Deal, Listing

    item = Item.objects.create(kind="technology", title="t", owner=world.lab, region=world.js)
    listing = Listing.objects.create(
        item=item, seller=world.lab, title="t", mode="license", state="closed"
    )
    deal = Deal.objects.create(
        listing=listing,
        buyer=world.firm,
        state="signed",
        signed_at=timezone.make_aware(dt.datetime(2025, 6, 1)),
    )
    terms = CrossBorderContract.objects.create(
        deal=deal,
        direction="export",
        counterpart_name="Käufer GmbH",
        counterpart_country="DE",
        contract_category="know_how_license",
        technology_category="000000",
        currency="EUR",
        amount_minor=100,
        rate_cny_per_unit="7.8",
        rate_date=dt.date(2025, 5, 30),
        amount_cny_fen=780,
        contract_no="C-1",
        signed_on=dt.date(2025, 6, 1),
        valid_until=dt.date(2026, 6, 1),
        payment_method="lump_sum",
        state="draft",
    )
    assert international.platform_openness() == []
    terms.state = "registered"
    terms.save()
    assert _counts(international.platform_openness(2025)) == {
        "320000": (1, 0),
        "330000": (1, 0),
    }


def test_a_platform_without_partners_abroad_has_no_rows(world: Any) -> None:
    assert international.platform_openness() == []
    assert international.partners_abroad(world.admin) == []


def test_partners_abroad_show_only_the_deals_the_visitor_may_see(
    records: SimpleNamespace, world: Any
) -> None:
    def table(actor: Any) -> dict[str, tuple[int, int, int]]:
        return {
            r["organization"].code: (r["deals"], r["projects"], r["alliances"])
            for r in international.partners_abroad(actor)
        }

    # admins see every contract: DEO in d1, d2; USO in d5 (d4 is no contract)
    assert table(world.admin) == {"DEO": (2, 1, 0), "USO": (1, 1, 0)}
    # visitors see the public joint projects only
    assert table(None) == {"DEO": (0, 1, 0), "USO": (0, 1, 0)}
    # the lab's manager sees the lab's deal with DEO (d1)
    assert table(world.labber) == {"DEO": (1, 1, 0), "USO": (0, 1, 0)}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["International actors", "Jiangsu", "Germany", "Parent GmbH"]),
        ("zh-hans", ["国际创新主体", "江苏省", "德国", "Parent GmbH"]),
    ],
)
def test_the_international_page(records: SimpleNamespace, lang: str, words: list[str]) -> None:
    client = Client(headers={"accept-language": lang})
    client.login(username="admin", password=PASSWORD)
    response = client.get("/observatory/international/")
    assert response.status_code == 200
    page = response.content.decode()
    for word in words:
        assert word in page, word
    assert response.context["openness"][0]["deals_abroad"] == 2
    anonymous = Client(headers={"accept-language": lang}).get("/observatory/international/")
    assert anonymous.status_code == 200


def test_the_openness_api(records: SimpleNamespace, api: Any) -> None:
    rows = api().get("/api/observatory/openness").json()
    assert _counts(rows) == {"320000": (2, 2), "330000": (1, 1)}
    assert rows[0]["name_en"] == "Jiangsu"
    assert _counts(api().get("/api/observatory/openness", year=2024).json()) == {"320000": (1, 1)}
    bad = api().get("/api/observatory/openness", year=-562347)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "year"
