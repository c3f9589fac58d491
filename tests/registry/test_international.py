"""International actors in the registry: countries abroad in the region tree, the
organisation's country, foreign-funded R&D centres with their parents, cooperation bases;
allowed and refused cases naming the field, the API and the pages in English and Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from innofield.challenges import rules
from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.registry import actions
from innofield.registry.international import (
    country_region,
    record_cooperation_base,
    register_organization,
)
from innofield.registry.models import CooperationBase, Organization, Region


def fields(exc: Any) -> set[str]:
    return {e.field for e in exc.value.errors}


def abroad(world: Any, code: str = "FHG", country: str = "DE") -> Organization:
    return register_organization(
        actor=world.admin,
        code=code,
        name_zh="弗劳恩霍夫研究所",
        name_en="Fraunhofer Institute",
        type="research_institute",
        country=country,
    )


def centre(world: Any, **extra: Any) -> Organization:
    data = {
        "actor": world.admin,
        "code": "FRD",
        "name_zh": "外资研发中心",
        "type": "foreign_rd_centre",
        "region": "320100",
        "parent_company": "Siemens AG",
        "parent_country": "de",
    }
    return register_organization(**{**data, **extra})


def test_an_organisation_abroad_sits_in_its_country_created_on_first_use(world: Any) -> None:
    assert not Region.objects.filter(code="DE").exists()
    org = abroad(world, country=" de ")
    de = Region.objects.get(code="DE")
    assert (org.country, org.region, de.level, de.parent) == ("DE", de, "country", None)
    assert (de.name_en, de.name_zh) == ("Germany", "德国")
    assert country_region("de") == de and Region.objects.filter(code="DE").count() == 1
    assert org.abroad and rules.is_foreign(org)
    assert not world.lab.abroad and world.lab.country == "CN" and not rules.is_foreign(world.lab)


@pytest.mark.parametrize(
    ("country", "words"),
    [("XX", "not an ISO 3166"), ("Germany", "two-letter"), ("", "two-letter")],
)
def test_a_bad_country_code_is_refused_naming_the_field(
    world: Any, country: str, words: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        abroad(world, country=country)
    assert fields(exc) == {"country"} and words in str(exc.value)
    assert not Organization.objects.filter(code="FHG").exists()


def test_region_and_country_must_agree(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        register_organization(
            actor=world.admin,
            code="X1",
            name_zh="x",
            type="sme",
            country="DE",
            region="320000",
        )
    assert fields(exc) == {"country"}
    country_region("US")
    with pytest.raises(ValidationFailed) as exc:
        register_organization(actor=world.admin, code="X2", name_zh="x", type="sme", region="US")
    assert fields(exc) == {"country"} and "set the country to US" in str(exc.value)
    with pytest.raises(ValidationFailed) as exc:
        register_organization(actor=world.admin, code="X3", name_zh="x", type="sme")
    assert fields(exc) == {"region"}


def test_only_platform_admins_register(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        register_organization(actor=world.labber, code="Z", name_zh="z", type="sme", country="DE")


def test_a_foreign_rd_centre_names_its_parent_and_the_parents_country(world: Any) -> None:
    c = centre(world)
    assert (c.parent_company, c.parent_country, c.country) == ("Siemens AG", "DE", "CN")
    assert c.region == world.nj and rules.is_foreign(c)  # in China, yet a foreign solver
    with pytest.raises(ValidationFailed) as exc:
        centre(world, code="FRD2", parent_company="", parent_country="")
    assert fields(exc) == {"parent_company", "parent_country"}
    assert "parent company" in str(exc.value)
    with pytest.raises(ValidationFailed) as exc:
        centre(world, code="FRD3", parent_country="CN")
    assert fields(exc) == {"parent_country"} and "abroad" in str(exc.value)
    with pytest.raises(ValidationFailed) as exc:
        centre(world, code="FRD4", parent_country="QQ")
    assert fields(exc) == {"parent_country"}
    with pytest.raises(ValidationFailed) as exc:
        centre(world, code="FRD5", type="sme")
    assert fields(exc) == {"parent_company"} and "only foreign-funded" in str(exc.value)


def test_managers_edit_the_country_and_parent(world: Any) -> None:
    c = centre(world)
    actions.update_organization(
        actor=world.admin, organization_id=c.pk, data={"parent_company": "Bosch GmbH"}
    )
    c.refresh_from_db()
    assert c.parent_company == "Bosch GmbH"
    with pytest.raises(ValidationFailed) as exc:
        actions.update_organization(
            actor=world.admin, organization_id=c.pk, data={"parent_company": ""}
        )
    assert fields(exc) == {"parent_company"}
    with pytest.raises(ValidationFailed) as exc:
        actions.update_organization(
            actor=world.firmer, organization_id=world.firm.pk, data={"country": "ZZ"}
        )
    assert fields(exc) == {"country"}
    # moving abroad moves the organisation to its country's region
    actions.update_organization(
        actor=world.firmer, organization_id=world.firm.pk, data={"country": "sg"}
    )
    world.firm.refresh_from_db()
    assert (world.firm.country, world.firm.region.code) == ("SG", "SG")


def base(world: Any, **extra: Any) -> CooperationBase:
    data = {
        "actor": world.admin,
        "code": "ICB-1",
        "name_zh": "中德联合实验室",
        "kind": "joint_lab",
        "host": "LAB",
        "partner_countries": ["de", "FR", "DE"],
        "year": 2019,
        "source": "",
        "synthetic": True,
    }
    return record_cooperation_base(**{**data, **extra})


def test_a_cooperation_base_is_recorded(world: Any) -> None:
    b = base(world)
    assert (b.host, b.partner_countries, b.synthetic) == (world.lab, ["DE", "FR"], True)
    real = base(world, code="ICB-2", synthetic=False, source="MOST list 2019 (example)")
    assert real.source.startswith("MOST")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "embassy"}, "kind"),
        ({"host": "NOPE"}, "host"),
        ({"partner_countries": []}, "partner_countries"),
        ({"partner_countries": ["CN"]}, "partner_countries"),
        ({"partner_countries": ["XX"]}, "partner_countries"),
        ({"year": 1950}, "year"),
        ({"synthetic": False}, "source"),
        ({"name_zh": " "}, "name_zh"),
    ],
)
def test_a_bad_cooperation_base_is_refused_naming_the_field(
    world: Any, extra: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        base(world, **extra)
    assert fields(exc) == {field}
    assert not CooperationBase.objects.exists()


def test_a_base_is_hosted_in_china(world: Any) -> None:
    abroad(world)
    with pytest.raises(ValidationFailed) as exc:
        base(world, host="FHG")
    assert fields(exc) == {"host"}


def test_the_api_registers_filters_and_refuses(world: Any, api: Any) -> None:
    admin = api(world.admin)
    ok = admin.post(
        "/api/organizations",
        {"code": "MIT", "name_zh": "麻省理工学院", "type": "university", "country": "us"},
    )
    assert ok.status_code == 201, ok.content
    assert (ok.json()["country"], ok.json()["region"]) == ("US", "US")
    assert ok.json()["country_name"] == "United States"
    bad = admin.post(
        "/api/organizations",
        {"code": "FRDX", "name_zh": "中心", "type": "foreign_rd_centre", "region": "320000"},
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"parent_company", "parent_country"}
    bad = admin.post(
        "/api/organizations", {"code": "Q", "name_zh": "q", "type": "sme", "country": "QQ"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "country"
    refused = api(world.labber).post(
        "/api/organizations", {"code": "Q", "name_zh": "q", "type": "sme", "country": "DE"}
    )
    assert refused.status_code == 403
    listed = api().get("/api/organizations", country="us").json()
    assert [o["code"] for o in listed["items"]] == ["MIT"]
    assert api().get("/api/organizations", country="CN").json()["count"] == 4

    made = admin.post(
        "/api/cooperation-bases",
        {
            "code": "ICB-9",
            "name_zh": "国际联合研究中心",
            "kind": "joint_research_centre",
            "host": "LAB",
            "partner_countries": ["US", "JP"],
            "synthetic": True,
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["partner_names"] == ["United States", "Japan"]
    bad = admin.post(
        "/api/cooperation-bases",
        {
            "code": "ICB-10",
            "name_zh": "x",
            "kind": "joint_lab",
            "host": "LAB",
            "partner_countries": ["XX"],
            "synthetic": True,
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "partner_countries"
    assert api().get("/api/cooperation-bases", country="jp").json()["count"] == 1
    assert api().get("/api/cooperation-bases", country="DE").json()["count"] == 0
    assert api().get("/api/cooperation-bases", region="320000").json()["count"] == 1
    assert api().get("/api/cooperation-bases/ICB-9").json()["host"] == "LAB"
    assert api().get("/api/cooperation-bases/NOPE").status_code == 404


@pytest.mark.parametrize(
    ("lang", "germany", "parent_label"),
    [("en", "Germany", "Parent company"), ("zh-hans", "德国", "母公司")],
)
def test_pages_name_the_countries(world: Any, lang: str, germany: str, parent_label: str) -> None:
    abroad(world)
    centre(world)
    base(world)
    client = Client(headers={"accept-language": lang})
    page = client.get("/organizations/", {"country": "de"}).content.decode()
    assert "FHG" in page and germany in page and "/organizations/LAB/" not in page
    page = client.get("/organizations/FRD/").content.decode()
    assert "Siemens AG" in page and germany in page and parent_label in page
    page = client.get("/cooperation-bases/").content.decode()
    assert "中德联合实验室" in page and germany in page
    page = client.get("/organizations/LAB/").content.decode()
    assert "中德联合实验室" in page


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_edit_page_names_the_refused_field(world: Any, lang: str) -> None:
    c = centre(world)
    client = Client(headers={"accept-language": lang})
    assert client.get(f"/organizations/{c.code}/edit/").status_code == 302  # log in first
    client.login(username="rivaler", password=PASSWORD)
    assert client.get(f"/organizations/{c.code}/edit/").status_code == 403
    client.login(username="admin", password=PASSWORD)
    form = {"name_zh": c.name_zh, "country": "CN", "parent_company": "", "parent_country": "DE"}
    page = client.post(f"/organizations/{c.code}/edit/", form)
    assert page.status_code == 200
    assert 'id="id_parent_company"' in page.content.decode()
    assert "parent_company" in page.context["form"].errors
    form["parent_company"] = "Carl Zeiss AG"
    assert client.post(f"/organizations/{c.code}/edit/", form).status_code == 302
    c.refresh_from_db()
    assert c.parent_company == "Carl Zeiss AG"
