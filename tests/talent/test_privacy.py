"""A profile whose person has not consented (or withdrew) is invisible to others in the
API, pages, search and exports; consented profiles show only the parts agreed to."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.talent import actions, index
from innofield.talent.models import Consent


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {p["id"] for p in response.json()["items"]}


def test_api_lists_only_published_profiles(people: SimpleNamespace, world: Any, api: Any) -> None:
    for user in (None, world.outsider, world.labber, world.admin):
        assert _ids(api(user).get("/api/talent/profiles")) == {people.ann.pk}
    # the person sees their own private profile, nobody else's
    assert _ids(api(people.bo_u).get("/api/talent/profiles")) == {people.ann.pk, people.bo.pk}


def test_api_detail_of_a_private_profile_is_404_for_others(
    people: SimpleNamespace, world: Any, api: Any
) -> None:
    for pid in (people.bo.pk, people.cy.pk):
        for user in (None, world.outsider, world.labber, people.ann_u):
            assert api(user).get(f"/api/talent/profiles/{pid}").status_code == 404
    own = api(people.bo_u).get(f"/api/talent/profiles/{people.bo.pk}")
    assert own.status_code == 200 and own.json()["skills"] == ["marine coatings", "polymer"]


def test_only_consented_parts_are_shown(people: SimpleNamespace, api: Any) -> None:
    body = api(None).get(f"/api/talent/profiles/{people.ann.pk}").json()
    assert body["skills"] == ["marine coatings", "corrosion"]
    assert body["languages"] == ["en", "zh"]
    for hidden in ("bio", "organization", "history"):
        assert hidden not in body, hidden
    mine = api(people.ann_u).get(f"/api/talent/profiles/{people.ann.pk}").json()
    assert mine["bio"] == "secret hobby zanzibar"


def test_search_finds_only_published_and_only_shown_text(people: SimpleNamespace, api: Any) -> None:
    assert _ids(api(None).get("/api/talent/profiles", text="marine coatings")) == {people.ann.pk}
    assert _ids(api(None).get("/api/talent/profiles", text="polymer")) == set()
    assert _ids(api(None).get("/api/talent/profiles", text="antifouling")) == set()
    # the hidden bio is not indexed
    assert _ids(api(None).get("/api/talent/profiles", text="zanzibar")) == set()
    assert index.indexed_ids() == {str(people.ann.pk)}


def test_withdrawal_removes_the_profile_from_the_index(people: SimpleNamespace) -> None:
    assert str(people.ann.pk) in index.indexed_ids()  # the engine is built and warm
    assert [r.id for r in index.search("corrosion")] == [str(people.ann.pk)]
    actions.withdraw_consent(actor=people.ann_u, profile_id=people.ann.pk)
    assert str(people.ann.pk) not in index.indexed_ids()
    assert index.search("corrosion") == []
    consent = Consent.objects.get(profile=people.ann)
    assert consent.withdrawn_at is not None and consent.withdrawn_by == people.ann_u


def test_pages_hide_private_profiles(people: SimpleNamespace, world: Any) -> None:
    client = Client()
    listing = client.get("/talent/").content.decode()
    assert "Ann Marine" in listing and "Bo Hidden" not in listing and "Cy Gone" not in listing
    assert client.get(f"/talent/{people.bo.pk}/").status_code == 404
    assert client.get(f"/talent/{people.cy.pk}/").status_code == 404
    client.login(username="admin", password=PASSWORD)
    assert client.get(f"/talent/{people.bo.pk}/").status_code == 404
    assert "Bo Hidden" not in client.get("/talent/?q=polymer").content.decode()
    me = Client()
    me.login(username="bo", password=PASSWORD)
    assert "Bo Hidden" in me.get(f"/talent/{people.bo.pk}/").content.decode()


def test_export_holds_only_published_profiles_and_shown_parts(people: SimpleNamespace) -> None:
    client = Client()
    client.login(username="bo", password=PASSWORD)  # even the person's own is left out
    text = client.get("/talent/export.csv").content.decode()
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "Ann Marine" in lines[1]
    assert "zanzibar" not in text and "Bo Hidden" not in text and "Cy Gone" not in text


def test_only_the_person_or_an_admin_with_a_basis_consents(
    people: SimpleNamespace, world: Any
) -> None:
    for other in (people.ann_u, world.labber, world.outsider):
        with pytest.raises(PermissionDenied):
            actions.give_consent(actor=other, profile_id=people.bo.pk, shown=["skills"])
    with pytest.raises(ValidationFailed) as exc:
        actions.give_consent(actor=world.admin, profile_id=people.bo.pk, shown=["skills"])
    assert exc.value.errors[0].field == "basis"
    row = actions.give_consent(
        actor=world.admin,
        profile_id=people.bo.pk,
        shown=["skills"],
        basis="signed form of 2026-11-30",
    )
    assert row.state == "published" and row.shown == ["skills"]
    assert Consent.objects.get(profile=row, withdrawn_at__isnull=True).basis.startswith("signed")


def test_consent_names_known_parts_only(people: SimpleNamespace, api: Any) -> None:
    r = api(people.bo_u).post(
        f"/api/talent/profiles/{people.bo.pk}/consent", {"shown": ["skills", "salary"]}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "shown"


def test_changing_consent_keeps_one_active_record(people: SimpleNamespace, api: Any) -> None:
    r = api(people.ann_u).post(f"/api/talent/profiles/{people.ann.pk}/consent", {"shown": ["bio"]})
    assert r.status_code == 200 and r.json()["shown"] == ["bio"]
    assert Consent.objects.filter(profile=people.ann, withdrawn_at__isnull=True).count() == 1
    assert Consent.objects.filter(profile=people.ann).count() == 2
    assert _ids(api(None).get("/api/talent/profiles", text="zanzibar")) == {people.ann.pk}
    assert "skills" not in api(None).get(f"/api/talent/profiles/{people.ann.pk}").json()


def test_withdrawing_twice_is_a_conflict(people: SimpleNamespace, api: Any) -> None:
    r = api(people.cy_u).post(f"/api/talent/profiles/{people.cy.pk}/withdraw", {})
    assert r.status_code == 409


def test_erase_deletes_a_private_profile_only(people: SimpleNamespace) -> None:
    from innofield.core.errors import Conflict
    from innofield.talent.models import Profile

    with pytest.raises(Conflict):
        actions.erase_profile(actor=people.ann_u, profile_id=people.ann.pk)
    actions.erase_profile(actor=people.cy_u, profile_id=people.cy.pk)
    assert not Profile.objects.filter(pk=people.cy.pk).exists()


def test_audit_rows_do_not_copy_personal_data(people: SimpleNamespace) -> None:
    from innofield.core.models import AuditLog

    rows = AuditLog.objects.filter(action__startswith="talent.profile")
    assert rows.count() == 6  # 3 create, 2 consent, 1 withdraw
    dump = " ".join(f"{r.object_repr} {r.changes} {r.before} {r.after}" for r in rows)
    assert "Ann" not in dump and "zanzibar" not in dump and "coatings" not in dump


def test_an_admin_opens_a_private_profile_only_by_number(
    people: SimpleNamespace, world: Any, api: Any
) -> None:
    """To act on a person's documented request; never in lists, search or exports."""
    r = api(world.admin).get(f"/api/talent/profiles/{people.bo.pk}")
    assert r.status_code == 200 and r.json()["state"] == "private"
    assert people.bo.pk not in _ids(api(world.admin).get("/api/talent/profiles"))


def test_profiles_for_others_are_for_admins(world: Any, api: Any) -> None:
    r = api(world.labber).post("/api/talent/profiles", {"name": "X", "on_behalf": True})
    assert r.status_code == 403
    r = api(world.labber).post("/api/talent/profiles", {"name": "X", "user": "outsider"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "user"
    r = api(world.admin).post(
        "/api/talent/profiles", {"name": "Out Sider", "on_behalf": True, "user": "outsider"}
    )
    assert r.status_code == 201 and r.json()["state"] == "private"
    assert api(world.outsider).post("/api/talent/profiles", {"name": "again"}).status_code == 409


def test_export_neutralises_formula_cells(world: Any) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("evil", password=PASSWORD)
    row = actions.create_profile(actor=user, name='=HYPERLINK("http://x","y")')
    actions.give_consent(actor=user, profile_id=row.pk, shown=[])
    text = Client().get("/talent/export.csv").content.decode()
    assert "'=HYPERLINK" in text
