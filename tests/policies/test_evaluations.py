"""Policy evaluations: an officer submits one, the job runs the design on the panel, the
result (estimates, event study, diagnostics, zh/en summary) is kept; refused and invalid
requests write nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.policies.conftest import ADOPTION, EFFECT, evaluation_body

from innofield.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from innofield.jobs.models import Job
from innofield.jobs.runner import run_inline
from innofield.policies import evaluation_actions as actions
from innofield.policies.models import Evaluation


def submit(world: Any, **changes: Any) -> Evaluation:
    body = evaluation_body(**changes)
    body["code"] = body.pop("policy")
    return actions.create_evaluation(actor=world.officer, background=False, **body)


def run(row: Evaluation) -> Evaluation:
    run_inline(row.job_id)
    row.refresh_from_db()
    return row


def test_did_finds_the_known_effect_with_diagnostics(panel_world: Any) -> None:
    row = run(submit(panel_world))
    assert row.state == "done", row.error
    assert Job.objects.get(pk=row.job_id).state == "succeeded"
    r = row.result
    assert r["n_units"] == 10 and r["n_treated"] == len(ADOPTION)
    assert r["estimate"]["att"] == pytest.approx(EFFECT, abs=0.05)
    assert r["estimate"]["lower"] < EFFECT < r["estimate"]["upper"]
    post = [d for d in r["dynamic"] if d["event_time"] >= 0]
    pre = [d for d in r["dynamic"] if d["event_time"] < 0]
    assert all(d["att"] == pytest.approx(EFFECT, abs=0.12) for d in post)
    assert all(abs(d["att"]) < 0.12 for d in pre), pre
    assert r["pretest"]["pre_periods"] == len(pre)
    assert r["twfe"]["att"] == pytest.approx(EFFECT, abs=0.05)
    weights = {b["type"]: b["weight"] for b in r["bacon"]}
    assert sum(weights.values()) == pytest.approx(1.0)
    assert "later vs earlier" in weights
    assert "+0.5" in r["summary"]["en"] and "statistically distinguishable" in r["summary"]["en"]
    assert "显著不为零" in r["summary"]["zh"]
    assert len(row.panel) == 10 * 11  # the panel the estimate used is kept


def test_a_placebo_policy_shows_no_effect(panel_world: Any) -> None:
    # before any real adoption (window 2012-2015), three untreated provinces "adopt" in 2014
    fake = [{"unit": u, "adoption": "2014"} for u in ("P06", "P07", "P08")]
    row = run(submit(panel_world, treated=fake, end="2015"))
    assert row.state == "done", row.error
    est = row.result["estimate"]
    assert est["lower"] < 0 < est["upper"]
    assert "not statistically distinguishable" in row.result["summary"]["en"]


def test_synthetic_control_and_before_after_on_one_province(panel_world: Any) -> None:
    one = [{"unit": "320000", "adoption": "2016"}]
    untreated = [{"unit": "P07", "adoption": "2016"}]
    synth = run(submit(panel_world, design="synth", treated=one))
    assert synth.state == "done", synth.error
    s = synth.result["synth"]
    assert sum(w["weight"] for w in s["weights"]) == pytest.approx(1.0, abs=0.01)
    assert synth.result["estimate"]["p_value"] is not None
    ba = run(submit(panel_world, design="before_after", treated=untreated))
    assert ba.state == "done", ba.error
    assert abs(ba.result["estimate"]["att"]) < 0.2
    assert "no comparison units" in ba.result["summary"]["en"]


def test_a_run_that_cannot_estimate_fails_with_the_reason(panel_world: Any) -> None:
    everyone = [{"unit": r.code, "adoption": "2016"} for r in panel_world.provinces]
    row = run(submit(panel_world, treated=everyone))
    assert row.state == "failed"
    assert "control" in row.error and "never-treated" in row.error
    assert Job.objects.get(pk=row.job_id).state == "failed"
    again = actions.rerun_evaluation(
        actor=panel_world.officer, evaluation_id=row.pk, background=False
    )
    assert again.state == "queued" and again.job_id != row.job_id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": "stats:NOPE"}, "outcome"),
        ({"outcome": "bookings.per_org_month"}, "outcome"),
        ({"start": "2012-01"}, "start"),
        ({"end": "2011"}, "end"),
        ({"design": "rdd"}, "design"),
        ({"treated": []}, "treated"),
        ({"treated": [{"unit": "XX", "adoption": "2016"}]}, "treated.0.unit"),
        ({"treated": [{"unit": "320000", "adoption": "soon"}]}, "treated.0.adoption"),
        ({"design": "synth"}, "treated"),
        ({"outcome": "panel"}, "panel"),
        ({"unit_kind": "organization", "outcome": "stats:TEST_Y"}, "outcome"),
    ],
)
def test_invalid_evaluations_name_the_field_and_write_nothing(
    panel_world: Any, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        submit(panel_world, **changes)
    assert field in {e.field for e in caught.value.errors}
    assert not Evaluation.objects.exists() and not Job.objects.exists()


def test_only_the_issuers_officers_evaluate(panel_world: Any) -> None:
    body = evaluation_body()
    body["code"] = body.pop("policy")
    for user, error in ((panel_world.firmer, PermissionDenied), (None, NotAuthenticated)):
        with pytest.raises(error):
            actions.create_evaluation(actor=user, background=False, **body)
    assert not Evaluation.objects.exists()


def test_a_given_panel_of_organisations_by_month(panel_world: Any) -> None:
    rows = []
    for k in range(12):
        firm = f"F{k:02d}"
        for m in range(1, 13):
            treated = k < 6 and m >= 4 + k % 3
            rows.append([firm, f"2025-{m:02d}", 2.0 + k * 0.1 + (1.0 if treated else 0.0)])
    treated = [{"unit": f"F{k:02d}", "adoption": f"2025-{4 + k % 3:02d}"} for k in range(6)]
    row = run(
        submit(
            panel_world,
            unit_kind="organization",
            outcome="panel",
            outcome_label="bookings a month",
            panel=rows,
            treated=treated,
            start="2025-01",
            end="2025-12",
            control="notyet",
        )
    )
    assert row.state == "done", row.error
    assert row.result["estimate"]["att"] == pytest.approx(1.0, abs=1e-6)
    groups = {g["group"] for g in row.result["groups"]}
    assert groups == {2025 * 12 + 3, 2025 * 12 + 4, 2025 * 12 + 5}  # April, May, June


def test_api_submit_poll_and_refusals(panel_world: Any, api: Any) -> None:
    officer, firm = api(panel_world.officer), api(panel_world.firmer)
    assert firm.post("/api/policy-evaluations", evaluation_body()).status_code == 403
    bad = officer.post("/api/policy-evaluations", evaluation_body(start="later"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "start"
    response = officer.post("/api/policy-evaluations", evaluation_body())
    assert response.status_code == 202, response.content
    created = response.json()
    assert created["state"] == "queued" and created["job"]
    early = api(None).get(f"/api/policy-evaluations/{created['id']}/report", format="html")
    assert early.status_code == 404  # the policy is a draft: its issuer's only
    report = officer.get(f"/api/policy-evaluations/{created['id']}/report", format="html")
    assert report.status_code == 409
    run_inline(created["job"])
    got = officer.get(f"/api/policy-evaluations/{created['id']}").json()
    assert got["state"] == "done" and got["result"]["estimate"]["att"] > 0.4
    listed = officer.get("/api/policy-evaluations", policy="EVAL-1").json()
    assert listed["count"] == 1 and listed["items"][0]["result"] is None
    assert api(None).get("/api/policy-evaluations").json()["count"] == 0
    html = officer.get(f"/api/policy-evaluations/{created['id']}/report", format="html", lang="en")
    assert html.status_code == 200 and b"Policy evaluation report" in html.content
    assert b"<svg" in html.content and b"Innovation vouchers" in html.content
    wrong = officer.get(f"/api/policy-evaluations/{created['id']}/report", format="docx")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "format"
    rerun = officer.post(f"/api/policy-evaluations/{created['id']}/rerun")
    assert rerun.status_code == 409  # done is final


def test_pages_start_an_evaluation_and_show_its_results(panel_world: Any) -> None:
    client = Client()
    client.force_login(panel_world.officer)
    page = client.get("/policies/EVAL-1/evaluate/")
    assert page.status_code == 200 and "stats:TEST_Y" in page.content.decode()
    form = {
        "title": "From the page",
        "unit_kind": "province",
        "outcome": "stats:TEST_Y",
        "design": "did",
        "control": "never",
        "treated": "320000 2016\n330000 2016\nP03 2018",
        "start": "2012",
        "end": "2022",
    }
    bad = client.post("/policies/EVAL-1/evaluate/", form | {"treated": "320000"})
    assert bad.status_code == 200 and not Evaluation.objects.exists()
    response = client.post("/policies/EVAL-1/evaluate/", form)
    row = Evaluation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{row.pk}/")
    queued = client.get(f"/policies/evaluations/{row.pk}/").content.decode()
    assert "hx-get" in queued
    run(row)
    done = client.get(f"/policies/evaluations/{row.pk}/")
    text = done.content.decode()
    assert "<svg" in text and "Goodman-Bacon" in text and "report/?format=pdf" in text
    status = client.get(f"/policies/evaluations/{row.pk}/?part=status")
    assert status["HX-Refresh"] == "true"
    stranger = Client()
    stranger.force_login(panel_world.firmer)
    assert stranger.get(f"/policies/evaluations/{row.pk}/").status_code == 404  # draft policy
    assert stranger.get("/policies/EVAL-1/evaluate/").status_code == 404


def test_bookings_per_organisation_and_month_from_the_platform(panel_world: Any) -> None:
    """Firms that got the policy in 2025-05 book three times a month from then on, the
    others once a month: CS-DiD on the platform's own bookings finds +2 exactly."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from innofield.booking.models import Booking
    from innofield.catalog.models import Item
    from innofield.registry.models import Organization

    w = panel_world
    inst = Item.objects.create(
        kind="instrument", title="NMR", owner=w.lab, region=w.nj, price_fen=100
    )
    orgs = [
        Organization.objects.create(code=f"ORG-{k}", name_zh=f"单位{k}", type="sme", region=w.js)
        for k in range(8)
    ]
    user = get_user_model().objects.create_user("booker")
    slot = 0
    for k, org in enumerate(orgs):
        for month in range(1, 9):
            n = 3 if k < 4 and month >= 5 else 1
            for _ in range(n):
                slot += 1
                start = dt.datetime(2025, month, 10, 0, tzinfo=dt.UTC) + dt.timedelta(hours=slot)
                end = start + dt.timedelta(minutes=30)
                Booking.objects.create(
                    instrument=inst,
                    user=user,
                    organization=org,
                    start=start,
                    end=end,
                    hold_start=start,
                    hold_end=end,
                    status="completed" if org.code != "ORG-7" or month != 2 else "cancelled",
                    tier="internal",
                    price_per_hour_fen=100,
                    quoted_fen=100,
                )
    row = run(
        submit(
            panel_world,
            unit_kind="organization",
            outcome="bookings.per_org_month",
            treated=[{"unit": f"ORG-{k}", "adoption": "2025-05"} for k in range(4)],
            start="2025-01",
            end="2025-08",
        )
    )
    assert row.state == "done", row.error
    assert row.result["n_units"] == 8 and row.result["n_treated"] == 4
    assert row.result["estimate"]["att"] == pytest.approx(2.0, abs=0.06)  # ORG-7's gap month
    assert ["ORG-7", 2025 * 12 + 1, 0.0] in row.panel  # the cancelled booking is not counted
    assert "completed instrument bookings" in row.result["summary"]["en"]
