"""The computing API: typed bodies, refusals naming the field, the run on the job queue,
the job's placement with its explanation, transitions and the dashboard."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from innofield.computing.models import ComputeJob


def _body(**kw):
    return {
        "organization": "FIRM",
        "title": "CFD sweep",
        "hardware": "gpu",
        "units": 30,
        "data_province": "330000",
        "deadline": (timezone.now() + dt.timedelta(hours=6)).isoformat(),
        **kw,
    }


def test_submit_run_and_settle_through_the_api(grid, api):
    world = grid.world
    firm = api(world.firmer)
    r = firm.post("/api/computing/jobs", _body(residency="province", data_province="370000"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "residency"
    r = firm.post("/api/computing/jobs", _body(units="30"))  # strict integers
    assert r.status_code == 422
    r = firm.post("/api/computing/jobs", _body(surprise=1))  # unknown fields refused
    assert r.status_code == 422
    r = firm.post("/api/computing/jobs", _body())
    assert r.status_code == 201, r.content
    job_id = r.json()["id"]
    assert r.json()["state"] == "submitted" and r.json()["moves"] == ["cancel"]
    r = firm.post("/api/computing/runs", {"time_limit": 2, "objective": "cost"})
    assert r.status_code == 202
    from innofield.jobs.runner import run_inline

    assert run_inline(r.json()["job"]).state == "succeeded"
    got = firm.get(f"/api/computing/jobs/{job_id}").json()
    assert got["state"] == "placed" and got["placement"]["cluster"] == "ZW"
    assert got["placement"]["explanation"]["greedy"]["cluster"] == "YRD"
    assert api(world.rivaler).get(f"/api/computing/jobs/{job_id}").status_code == 404
    assert firm.post(f"/api/computing/jobs/{job_id}/fly", {}).status_code == 422
    assert firm.post(f"/api/computing/jobs/{job_id}/settle", {}).status_code == 409
    for move in ("accept", "meter", "settle"):
        r = firm.post(f"/api/computing/jobs/{job_id}/{move}", {})
        assert r.status_code == 200, r.content
    usage = r.json()["usage"]
    assert usage["amount_fen"] == 30 * 900 and usage["transfer_key"].startswith("computing:usage:")
    runs = api().get("/api/computing/runs").json()["items"]
    assert runs[0]["placed"] == 1 and runs[0]["totals"]["greedy"]["money_fen"] == 30 * 2_000
    dash = api().get("/api/computing/dashboard").json()["data"]
    assert dash["settled"]["paid_fen"] == 27_000 and dash["flows"][0]["to"] == "ZW"
    hubs = api().get("/api/computing/hubs").json()
    assert len(hubs) == 10 and {h["hub"] for h in hubs} >= {"JJJ", "NX", "GZ", "GS", "NMG"}


def test_only_the_provider_withdraws_and_offers_are_validated(grid, api):
    world = grid.world
    o = grid.offers["zw"]
    assert api(world.firmer).post(f"/api/computing/offers/{o.pk}/withdraw", {}).status_code == 403
    assert api(world.labber).post(f"/api/computing/offers/{o.pk}/withdraw", {}).status_code == 200
    now = timezone.now()
    bad = {
        "provider": "LAB",
        "cluster": "ZW",
        "resource": "gpu",
        "units_per_hour": 5,
        "price_fen": 100,
        "starts_at": now.isoformat(),
        "ends_at": (now - dt.timedelta(hours=1)).isoformat(),
    }
    r = api(world.labber).post("/api/computing/offers", bad)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "ends_at"
    r = api(world.labber).post("/api/computing/offers", {**bad, "cluster": "XX"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cluster"
    assert not ComputeJob.objects.exists()
