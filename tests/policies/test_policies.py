"""Policy supervision: policies, measures, targets measured from platform records, tasks
with deadlines and evidence — rules allowed and refused, through the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.core.access_cases import Cases

from innofield.policies import actions
from innofield.policies.models import Policy, Task

TODAY = timezone.localdate()


def policy_body(**changes: Any) -> dict[str, Any]:
    return {
        "code": "JS-SHARE-2026",
        "title": "Opening large instruments to firms",
        "issuer": "GOV-JS",
        "region": "320000",
        "issued_on": "2026-01-10",
        "effective_from": "2026-02-01",
        "effective_to": "2028-12-31",
        "document_number": "苏科发〔2026〕1号",
    } | changes


@pytest.fixture
def policy(world: Any) -> Policy:
    return actions.create_policy(
        actor=world.officer,
        code="P1",
        title="Instrument sharing",
        issuer=world.gov,
        region=world.js,
        issued_on=TODAY - dt.timedelta(days=60),
        effective_from=TODAY - dt.timedelta(days=30),
    )


def test_an_officer_drafts_a_policy_and_others_cannot(world: Any, api: Any) -> None:
    created = api(world.officer).post("/api/policies", policy_body())
    assert created.status_code == 201 and created.json()["state"] == "draft"
    refused = api(world.firmer).post("/api/policies", policy_body(code="OTHER"))
    assert refused.status_code == 403 and "GOV-JS" in refused.json()["detail"]
    assert api().get("/api/policies/JS-SHARE-2026").status_code == 404  # drafts are private
    api(world.officer).post("/api/policies/JS-SHARE-2026/enact")
    assert api().get("/api/policies/JS-SHARE-2026").json()["state"] == "in_force"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"effective_to": "2025-01-01"}, "effective_to"),
        ({"effective_from": "2025-01-01"}, "effective_from"),
        ({"issuer": "FIRM"}, "issuer"),
        ({"code": "bad code!"}, "code"),
        ({"region": "999999"}, "region"),
        ({"actor_id": 1}, "actor_id"),
    ],
)
def test_bad_policies_are_refused_naming_the_field(
    world: Any, api: Any, changes: dict[str, Any], field: str
) -> None:
    response = api(world.officer).post("/api/policies", policy_body(**changes))
    assert response.status_code in (403, 422)
    assert field in [e["field"] for e in response.json()["errors"]] or (
        response.status_code == 403 and field == "issuer"
    )
    assert not Policy.objects.exists()


def test_a_target_is_measured_from_platform_records(world: Any, policy: Policy) -> None:
    from innofield.policies.queries import target_progress

    measure = actions.add_measure(
        actor=world.officer, code="P1", title="Open instruments", responsible=[world.lab]
    )
    target = actions.add_target(
        actor=world.officer,
        measure_id=measure.pk,
        indicator="bookings.completed",
        region=world.js,
        baseline=0,
        target=4,
        due_on=TODAY + dt.timedelta(days=300),
    )
    cases = Cases(world)
    for _ in range(2):
        cases.booking("completed")  # instruments in Nanjing, a city of Jiangsu
    progress = target_progress(target)
    assert progress["value"] == 2 and progress["share"] == 0.5
    with pytest.raises(Exception, match="indicator"):
        actions.add_target(
            actor=world.officer,
            measure_id=measure.pk,
            indicator="made.up",
            region=world.js,
            target=1,
            due_on=TODAY,
        )


def test_tasks_are_reported_by_the_responsible_and_supervised(
    world: Any, policy: Policy, api: Any
) -> None:
    measure = actions.add_measure(actor=world.officer, code="P1", title="Open instruments")
    with pytest.raises(Exception, match="deadline"):
        actions.add_task(
            actor=world.officer,
            measure_id=measure.pk,
            title="late",
            responsible=world.lab,
            deadline=TODAY - dt.timedelta(days=1),
        )
    task = actions.add_task(
        actor=world.officer,
        measure_id=measure.pk,
        title="Publish the instrument list",
        responsible=world.lab,
        deadline=TODAY + dt.timedelta(days=10),
    )
    lab = api(world.labber)
    assert (
        lab.post(f"/api/policy-tasks/{task.pk}/finish", {}).json()["errors"][0]["field"]
        == "evidence"
    )
    assert api(world.rivaler).post(f"/api/policy-tasks/{task.pk}/start", {}).status_code == 403
    assert lab.post(f"/api/policy-tasks/{task.pk}/drop", {}).status_code == 403  # issuer only
    done = lab.post(f"/api/policy-tasks/{task.pk}/finish", {"evidence": "list on website"})
    assert done.status_code == 200 and done.json()["state"] == "done"
    late = actions.add_task(
        actor=world.officer,
        measure_id=measure.pk,
        title="Train staff",
        responsible=world.lab,
        deadline=TODAY + dt.timedelta(days=1),
    )
    Task.objects.filter(pk=late.pk).update(deadline=TODAY - dt.timedelta(days=3))
    board = api(world.officer).get("/api/policy-tasks", overdue="true").json()
    assert [t["id"] for t in board["items"]] == [late.pk] and board["items"][0]["overdue"]


def test_an_officer_does_the_work_in_the_browser(world: Any) -> None:
    client = Client()
    client.force_login(world.officer)
    page = client.post(
        "/policies/new/",
        {
            "code": "WEB-1",
            "title": "Vouchers for testing",
            "issuer": "GOV-JS",
            "region": "320000",
            "issued_on": TODAY.isoformat(),
            "effective_from": TODAY.isoformat(),
            "summary": "Firms get vouchers.",
        },
    )
    assert page.status_code == 302
    client.post(
        "/policies/WEB-1/act/",
        {"what": "measure", "title": "Issue vouchers", "responsible": "GOV-JS, LAB"},
    )
    measure = Policy.objects.get(code="WEB-1").measures.get()
    assert sorted(o.code for o in measure.responsible.all()) == ["GOV-JS", "LAB"]
    deadline = (TODAY + dt.timedelta(days=20)).isoformat()
    client.post(
        "/policies/WEB-1/act/",
        {
            "what": "task",
            "measure": measure.pk,
            "title": "Open applications",
            "responsible": "GOV-JS",
            "deadline": deadline,
        },
    )
    client.post(
        "/policies/WEB-1/act/",
        {
            "what": "target",
            "measure": measure.pk,
            "indicator": "vouchers.redeemed",
            "region": "320000",
            "target": "1000000",
            "due_on": deadline,
        },
    )
    client.post("/policies/WEB-1/act/", {"what": "transition", "transition": "enact"})
    html = Client().get("/policies/WEB-1/").content.decode()
    assert "Open applications" in html and "voucher money paid out" in html
    assert "in force" in html or "in_force" in html
    bad = client.post(
        "/policies/WEB-1/act/",
        {
            "what": "task",
            "measure": measure.pk,
            "title": "x",
            "responsible": "NOPE",
            "deadline": deadline,
        },
        follow=True,
    )
    assert "no organisation NOPE" in bad.content.decode()
    assert Client().get("/policies/board/").status_code == 200
