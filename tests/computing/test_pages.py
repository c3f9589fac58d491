"""The computing pages in both languages, and the journey of demo-firm's kind of user on
the web: submit a job (refusals name the field), run the allocation on the job queue,
accept, meter, settle with a computing voucher."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from innofield.computing.models import ComputeJob, Usage


def _client(world, user=None, lang="en"):
    c = Client(headers={"Accept-Language": lang})
    if user is not None:
        c.force_login(user)
    c.cookies["django_language"] = lang
    return c


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_public_pages_render(grid, lang):
    c = _client(grid.world, lang=lang)
    for url in ("/computing/", "/computing/offers/", "/computing/runs/", "/computing/dashboard/"):
        r = c.get(url)
        assert r.status_code == 200, url
    body = c.get("/computing/").content.decode()
    assert ("中卫数据中心集群" in body) if lang == "zh-hans" else ("Zhongwei cluster" in body)
    assert c.get("/computing/jobs/").status_code == 302  # login first


def _form(world, **kw):
    deadline = timezone.localtime() + dt.timedelta(hours=10)
    return {
        "organization": "FIRM",
        "title": "genome alignment",
        "hardware": "gpu",
        "units": "40",
        "data_province": "330000",
        "residency": "none",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "delay_tolerant": "on",
        "max_latency_ms": "",
        "voucher": "",
        **kw,
    }


def test_refusals_on_the_form_name_the_field(grid, voucher):
    world = grid.world
    c = _client(world, world.firmer)
    soon = (timezone.localtime() + dt.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    for kw, field in [
        ({"residency": "province", "data_province": "370000"}, "residency"),
        ({"deadline": soon}, "deadline"),
        ({"units": "5000"}, "units"),
        ({"voucher": str(voucher.grant.pk + 100)}, "voucher"),
    ]:
        r = c.post("/computing/jobs/new/", _form(world, **kw))
        assert r.status_code == 200, kw
        assert field in r.context["form"].errors, (kw, r.context["form"].errors)
    assert not ComputeJob.objects.exists()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_web_journey_with_a_voucher(grid, voucher, lang):
    world = grid.world
    c = _client(world, world.firmer, lang)
    r = c.post("/computing/jobs/new/", _form(world, voucher=str(voucher.grant.pk)))
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    job = ComputeJob.objects.get()
    assert r["Location"] == f"/computing/jobs/{job.pk}/"
    r = c.post("/computing/runs/", {"objective": "weighted", "windows": "24"})
    assert r.status_code == 302
    from innofield.jobs.models import Job
    from innofield.jobs.runner import run_inline

    queued = Job.objects.get(kind="computing.allocate")
    assert queued.owner == world.firmer and queued.state == "queued"
    assert run_inline(queued.pk).state == "succeeded"  # the worker's part, here
    job.refresh_from_db()
    assert job.state == "placed"
    page = c.get(f"/computing/jobs/{job.pk}/").content.decode()
    assert "ZW" in page and "YRD" in page  # placed at Zhongwei; greedy would take the delta
    for move in ("accept", "meter", "settle"):
        r = c.post(f"/computing/jobs/{job.pk}/act/", {"transition": move})
        assert r.status_code == 302
    job.refresh_from_db()
    assert job.state == "settled"
    usage = Usage.objects.get()
    assert usage.subsidy_fen == usage.amount_fen * 3 // 10 > 0
    page = c.get(f"/computing/jobs/{job.pk}/").content.decode()
    assert 'id="voucher-share"' in page
    dash = c.get("/computing/dashboard/")
    assert dash.context["d"]["vouchers"]["subsidy_fen"] == usage.subsidy_fen
    assert dash.context["d"]["westward_jobs"] == dash.context["d"]["placed_jobs"] == 1
    from innofield.ledger.queries import check_invariants

    assert check_invariants() == []


def test_a_provider_publishes_and_withdraws_on_the_web(grid):
    world = grid.world
    c = _client(world, world.labber)
    now = timezone.localtime()
    r = c.post(
        "/computing/offers/",
        {
            "provider": "LAB",
            "cluster": "QY",
            "resource": "gpu",
            "units_per_hour": "64",
            "price_fen": "8.50",
            "green_pct": "35",
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert r.status_code == 302
    from innofield.computing.models import Offer

    o = Offer.objects.get(cluster__code="QY")
    assert o.price_fen == 850 and o.units_per_hour == 64
    assert (
        _client(world, world.firmer).post(f"/computing/offers/{o.pk}/withdraw/").status_code == 302
    )
    o.refresh_from_db()
    assert o.state == "open"  # not the firm's offer
    c.post(f"/computing/offers/{o.pk}/withdraw/")
    o.refresh_from_db()
    assert o.state == "withdrawn"


def test_settled_usage_is_offered_on_the_voucher_page_and_redeemed_there(grid, voucher):
    from innofield.computing import actions
    from innofield.vouchers.models import Redemption

    world = grid.world
    job = actions.submit_job(
        actor=world.firmer,
        organization=world.firm,
        title="render farm",
        hardware="gpu",
        units=20,
        data_province="330000",
        deadline=timezone.now() + dt.timedelta(hours=8),
    )
    actions.run_allocation(actor=None, time_limit=2)
    c = _client(world, world.firmer)
    url = f"/vouchers/grants/{voucher.grant.pk}/"
    assert f"computing:{job.pk}" not in c.get(url).content.decode()  # not settled yet
    for move in ("accept", "meter", "settle"):
        actions.transition(actor=world.firmer, job_id=job.pk, move=move)
    usage = Usage.objects.get()
    evidence = f"computing:{usage.pk}"
    page = c.get(url)
    assert evidence in dict(page.context["form"].fields["evidence"].choices)
    r = c.post(url, {"evidence": evidence, "price": "", "mode": "reimburse", "key": "k1"})
    assert r.status_code == 302
    red = Redemption.objects.get(evidence=evidence)
    assert red.service_kind == "computing" and red.subsidy == usage.amount_fen * 3 // 10
    # the same usage cannot be redeemed twice
    assert evidence not in dict(c.get(url).context["form"].fields["evidence"].choices)
