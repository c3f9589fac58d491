"""The talent pages: creating a profile, consent and withdrawal, moves, consultations
with a fee in yuan, demands with their matches; in English and Chinese."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from innofield.talent import actions
from innofield.talent.models import Consultation, Profile

from .conftest import fund


def _client(username: str, lang: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username=username, password=PASSWORD)
    return client


def test_create_publish_withdraw_through_pages(world: Any) -> None:
    client = _client("outsider")
    assert "Create my talent profile" in client.get("/talent/me/").content.decode()
    r = client.post(
        "/talent/me/",
        {
            "name": "Wu Ocean",
            "kind": "engineer",
            "work_fields": "materials",
            "skills": "coatings, corrosion",
            "region": "320100",
            "languages": "zh, en",
            "bio": "b",
        },
    )
    row = Profile.objects.get(user=world.outsider)
    assert (
        r.status_code == 302
        and row.state == "private"
        and row.skills == ["coatings", "corrosion"]
        and row.fields == ["materials"]
    )
    assert "Wu Ocean" not in Client().get("/talent/").content.decode()
    client.post(f"/talent/{row.pk}/consent/", {"what": "consent", "shown": ["skills"]})
    row.refresh_from_db()
    assert row.state == "published" and row.shown == ["skills"]
    public = Client().get(f"/talent/{row.pk}/").content.decode()
    assert "Wu Ocean" in public and "coatings" in public and "320100" not in public
    client.post(f"/talent/{row.pk}/consent/", {"what": "withdraw"})
    assert Client().get(f"/talent/{row.pk}/").status_code == 404
    # a second profile is refused, the page shows the error
    assert client.get("/talent/me/").status_code == 302


def test_unknown_codes_are_refused_on_the_form(world: Any) -> None:
    r = _client("outsider").post("/talent/me/", {"name": "X", "kind": "expert", "region": "999999"})
    assert r.status_code == 200 and "Unknown code" in r.content.decode()
    assert not Profile.objects.exists()


def test_others_cannot_change_consent_through_pages(people: SimpleNamespace) -> None:
    client = _client("bo")
    client.post(f"/talent/{people.ann.pk}/consent/", {"what": "withdraw"})
    people.ann.refresh_from_db()
    assert people.ann.state == "published"


def test_move_from_the_profile_page(people: SimpleNamespace, world: Any) -> None:
    _client("ann").post(
        f"/talent/{people.ann.pk}/moves/",
        {"to_region": "330000", "to_organization": "FIRM", "moved_on": "2025-03-01"},
    )
    people.ann.refresh_from_db()
    assert people.ann.region_id == world.zj.pk and people.ann.organization_id == world.firm.pk


def test_consultation_through_pages_with_fee_in_yuan(people: SimpleNamespace, world: Any) -> None:
    firm = _client("firmer")
    page = firm.get(f"/talent/{people.ann.pk}/").content.decode()
    assert "Ask for a consultation" in page
    soon = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    firm.post(
        f"/talent/{people.ann.pk}/ask/",
        {"organization": "FIRM", "topic": "review", "wanted_on": soon, "hours": 2},
    )
    row = Consultation.objects.get()
    ann = _client("ann")
    assert "review" in ann.get("/talent/consultations/").content.decode()
    ann.post(f"/talent/consultations/{row.pk}/act/", {"transition": "accept", "fee": "1,200.50"})
    row.refresh_from_db()
    assert row.state == "accepted" and row.fee_fen == 120050
    assert "¥1,200.50" in firm.get("/talent/consultations/").content.decode()
    fund(world.admin, world.firm, 500_000)
    firm.post(f"/talent/consultations/{row.pk}/act/", {"transition": "complete"})
    row.refresh_from_db()
    assert row.state == "done"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_pages_render_in_both_languages(people: SimpleNamespace, world: Any, lang: str) -> None:
    actions.create_demand(
        actor=world.firmer,
        organization=world.firm,
        code="TD-P",
        title="coatings expert",
        skills=["corrosion"],
    )
    client = _client("ann", lang)
    for url in (
        "/talent/",
        "/talent/demands/",
        "/talent/demands/TD-P/",
        "/talent/flows/",
        f"/talent/{people.ann.pk}/",
        "/talent/consultations/",
        "/talent/export.csv",
    ):
        assert client.get(url).status_code == 200, url
    assert "Ann Marine" in client.get("/talent/demands/TD-P/").content.decode()
    assert Client().get("/talent/demands/NOPE/").status_code == 404


def test_open_and_close_a_demand_through_pages(people: SimpleNamespace, world: Any) -> None:
    from innofield.talent.models import TalentDemand

    firm = _client("firmer")
    r = firm.post(
        "/talent/demands/new/",
        {
            "organization": "FIRM",
            "code": "TD-W",
            "title": "corrosion expert",
            "skills": "corrosion",
            "region": "320000",
            "languages": "en",
        },
    )
    assert r.status_code == 302, r.content.decode()[:500]
    row = TalentDemand.objects.get(code="TD-W")
    assert row.region == world.js and row.languages == ["en"] and row.skills == ["corrosion"]
    page = firm.get("/talent/demands/TD-W/").content.decode()
    assert "Ann Marine" in page and 'value="close"' in page
    assert 'value="close"' not in _client("ann").get("/talent/demands/TD-W/").content.decode()
    _client("rivaler").post("/talent/demands/TD-W/act/", {"transition": "close"})
    row.refresh_from_db()
    assert row.state == "open"
    firm.post("/talent/demands/TD-W/act/", {"transition": "close"})
    row.refresh_from_db()
    assert row.state == "closed"
    bad = firm.post(
        "/talent/demands/new/",
        {"organization": "FIRM", "code": "TD-X", "title": "x", "region": "999999"},
    )
    assert bad.status_code == 200 and "Unknown code" in bad.content.decode()
    # someone in no organisation is sent back to the list
    assert _client("outsider").get("/talent/demands/new/").status_code == 302
