"""Matchmaking on the platform: the index follows the catalog actions; filters, levers, feedback."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from django.db import OperationalError, connection
from tests.shared_data import SHARED_DATA, require

from innofield.catalog import actions as catalog
from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.matchmaking import actions, index
from innofield.matchmaking.models import Feedback, IndexChange
from innofield.registry.models import Organization

SCIFACT = SHARED_DATA / "scifact" / "corpus.jsonl"


@pytest.fixture(autouse=True)
def _fresh_engines():
    index.forget()
    yield
    index.forget()


def _abstracts(n: int) -> list[dict[str, str]]:
    require(SCIFACT, "SciFact corpus")
    with SCIFACT.open() as fh:
        return [json.loads(next(fh)) for _ in range(n)]


@pytest.fixture
def catalog_items(world):
    """24 real SciFact abstracts: even ones LAB's technologies, odd ones RIVAL's services."""
    docs = _abstracts(24)
    items = []
    for n, doc in enumerate(docs):
        owner = "LAB" if n % 2 == 0 else "RIVAL"
        user = world.labber if owner == "LAB" else world.rivaler
        kind = "technology" if owner == "LAB" else "service"
        data = {
            "kind": kind,
            "title": doc["title"][:300],
            "description": doc["text"],
            "owner": owner,
        }
        if kind == "service":
            data["details"] = {"service_type": "consulting"}
        items.append(catalog.create_item(actor=user, data=data))
    return docs, items


def test_search_finds_an_abstract_by_its_content(world, api, catalog_items):
    docs, items = catalog_items
    target = items[6]
    words = " ".join(docs[6]["title"].split()[:8])
    hits = api().get("/api/search", q=words).json()
    assert hits["items"][0]["id"] == target.pk
    why = hits["items"][0]["explanation"]
    assert why["matched_terms"] and why["cosine"] is not None and why["fusion"]


def test_filters_apply_before_ranking(world, api, catalog_items):
    docs, items = catalog_items
    words = " ".join(docs[6]["title"].split()[:8])  # items[6] is LAB's technology
    hits = api().get("/api/search", q=words, kind="service", k=5).json()["items"]
    assert len(hits) == 5 and all(h["kind"] == "service" for h in hits)
    assert items[6].pk not in {h["id"] for h in hits}
    assert hits[0]["explanation"]["filters"] == {"kind": "service"}
    none = api().get("/api/search", q=words, organization_type="university").json()
    assert none["count"] == 0


def test_index_follows_edits_and_retirement(world, api, catalog_items):
    docs, items = catalog_items
    query = "zeolitic imidazolate framework membrane"
    before = api().get("/api/search", q=query, k=24).json()["items"]
    assert not any(h["explanation"]["matched_terms"] for h in before)  # no abstract has them
    catalog.update_item(
        actor=world.labber,
        item_id=items[4].pk,
        data={"title": "Zeolitic imidazolate framework membrane for gas separation"},
    )
    top = api().get("/api/search", q=query, k=3).json()["items"]
    assert top[0]["id"] == items[4].pk
    assert top[0]["explanation"]["matched_terms"]["zeolitic"] == ["title"]
    catalog.retire_item(actor=world.labber, item_id=items[4].pk)
    assert items[4].pk not in {
        h["id"] for h in api().get("/api/search", q=query, k=24).json()["items"]
    }
    assert IndexChange.objects.filter(target="item", object_id=items[4].pk).count() == 3


def test_demand_matches_and_cross_region_lever(world, api, catalog_items):
    docs, items = catalog_items
    far = Organization.objects.create(
        code="FAR", name_zh="浙江实验室", type="research_institute", region=world.zj
    )
    from innofield.registry.models import Membership

    Membership.objects.create(user=world.firmer, organization=far, role="member")
    copy = catalog.create_item(
        actor=world.firmer,
        data={
            "kind": "technology",
            "title": docs[10]["title"],
            "description": docs[10]["text"],
            "owner": "FAR",
        },
    )
    demand = catalog.create_demand(
        actor=world.rivaler,
        data={
            "kind": "technology",
            "title": docs[10]["title"],
            "owner": "RIVAL",
            "description": docs[10]["text"][:600],
        },
    )
    plain = api().get("/api/match", demand=demand.pk, k=2).json()["items"]
    assert {plain[0]["id"], plain[1]["id"]} == {items[10].pk, copy.pk}
    assert all("prefer_cross_region" not in h["explanation"]["levers"] for h in plain)
    boosted = api().get("/api/match", demand=demand.pk, k=2, cross_region=1.0).json()["items"]
    assert boosted[0]["id"] == copy.pk  # Zhejiang provider first for a Jiangsu demand
    assert boosted[0]["explanation"]["levers"]["prefer_cross_region"] == 1.0
    assert api().get("/api/match", demand=demand.pk, cross_region=3).status_code == 422
    reverse = api().get("/api/match/reverse", item=items[10].pk).json()["items"]
    assert reverse[0]["id"] == demand.pk


def test_feedback_is_stored_counted_and_permission_checked(world, api, catalog_items):
    _docs, items = catalog_items
    demand = catalog.create_demand(
        actor=world.firmer,
        data={"kind": "technology", "title": "Need help with diffusion imaging", "owner": "FIRM"},
    )
    firm = api(world.firmer)
    response = firm.post(
        "/api/match/feedback", {"demand": demand.pk, "item": items[0].pk, "verdict": "too_early"}
    )
    assert response.status_code == 201 and response.json()["counts"]["too_early"] == 1
    again = firm.post(
        "/api/match/feedback", {"demand": demand.pk, "item": items[0].pk, "verdict": "interested"}
    )
    assert again.json()["counts"] == {
        "interested": 1,
        "not_relevant": 0,
        "too_early": 0,
        "benefit_unclear": 0,
    }
    bad = firm.post(
        "/api/match/feedback", {"demand": demand.pk, "item": items[0].pk, "verdict": "meh"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "verdict"
    other = api(world.labber).post(
        "/api/match/feedback", {"demand": demand.pk, "item": items[0].pk, "verdict": "not_relevant"}
    )
    assert other.status_code == 403
    assert Feedback.objects.get().verdict == "interested"
    assert AuditLog.objects.filter(action__startswith="matchmaking.feedback").count() == 2


def test_bad_queries_are_clear(world, api, catalog_items):
    anon = api()
    assert anon.get("/api/search", q="   ").status_code == 422
    long = anon.get("/api/search", q="x" * 2500)
    assert long.status_code == 422 and long.json()["errors"][0]["field"] == "q"
    assert anon.get("/api/search", q="cells", k=0).status_code == 422
    assert anon.get("/api/search", q="cells", kind="gizmo").status_code == 422
    assert anon.get("/api/search", q="细胞 免疫 治疗").status_code == 200
    assert anon.get("/api/match", demand=999999).status_code == 404


def test_levers_are_admin_only_and_audited(world):
    with pytest.raises(PermissionDenied):
        actions.set_lever(actor=world.officer, name="prefer_cross_region", weight=0.3)
    with pytest.raises(ValidationFailed, match="between 0 and 1"):
        actions.set_lever(actor=world.admin, name="prefer_cross_region", weight=2)
    lever = actions.set_lever(actor=world.admin, name="prefer_cross_region", weight=0.3)
    assert lever.weight == 0.3
    assert AuditLog.objects.get(action="matchmaking.lever.set").changes == {"weight": [0.0, 0.3]}


def test_search_page_and_matches_panel(world, client, catalog_items):
    docs, items = catalog_items
    words = " ".join(docs[6]["title"].split()[:8])
    page = client.get("/search/", {"q": words}).content.decode()
    assert items[6].title[:40] in page
    demand = catalog.create_demand(
        actor=world.firmer, data={"kind": "technology", "title": docs[6]["title"], "owner": "FIRM"}
    )
    client.force_login(world.firmer)
    panel = client.get(f"/demands/{demand.pk}/matches/").content.decode()
    assert items[6].title[:40] in panel and 'name="verdict"' in panel
    posted = client.post(
        f"/demands/{demand.pk}/matches/{items[6].pk}/feedback/", {"verdict": "interested"}
    )
    assert posted.status_code == 200 and Feedback.objects.filter(verdict="interested").count() == 1


def test_warm_up_builds_every_engine_before_the_first_search(world, catalog_items):
    from innofield.catalog.models import Demand

    open_demands = Demand.objects.filter(status__in=index.ACTIVE["demand"]).count()
    assert index.warm_up() == {"item": 24, "demand": open_demands}
    assert sorted(target for _, target in index._engines) == ["demand", "item"]


def test_a_failed_warm_up_is_logged_not_raised(world, monkeypatch, caplog):
    def no_tables(target: str) -> None:
        raise OperationalError("no such table: catalog_item")

    monkeypatch.setattr(index, "engine_for", no_tables)
    with caplog.at_level(logging.WARNING, logger="innofield.matchmaking.index"):
        assert index.warm_up() == {}
    assert "search warm-up failed" in caplog.text and "no such table" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_searches_share_one_build(world, catalog_items):
    index.engine_for("item")  # embeds and stores the vectors, so the threads only read
    index.forget()
    engines = []

    def first_search() -> None:
        try:
            engines.append(index.engine_for("item"))
        finally:
            connection.close()

    threads = [threading.Thread(target=first_search) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(engines) == 3 and engines[0] is engines[1] is engines[2]


def test_an_unfiltered_search_ranks_like_one_given_every_active_id(world, api, catalog_items):
    from innofield.catalog.models import Item

    docs, items = catalog_items
    catalog.retire_item(actor=world.labber, item_id=items[4].pk)
    words = " ".join(docs[6]["title"].split()[:8])
    hits = api().get("/api/search", q=words, k=30).json()["items"]
    assert hits[0]["explanation"]["filtered"] is False  # the engine was given no id list
    active = [str(pk) for pk in Item.objects.filter(status="active").values_list("pk", flat=True)]
    listed = index.search("item", words, k=30, allowed_ids=active)
    assert [h["id"] for h in hits] == [int(r.id) for r in listed]
    assert items[4].pk not in {h["id"] for h in hits} and len(hits) == len(active)


def test_search_page_counts_pages_and_says_how_a_chinese_query_was_served(
    world, client, catalog_items
):
    docs, items = catalog_items
    first = client.get("/search/", {"q": "cells in patients"}).content.decode()
    assert "24 items found" in first and "page 1 of 2" in first  # every item, 20 a page
    assert first.count('<li><span class="kind">') == 20 and 'rel="next"' in first
    second = client.get("/search/", {"q": "cells in patients", "page": 2}).content.decode()
    assert second.count('<li><span class="kind">') == 4 and 'rel="prev"' in second
    assert 'start="21"' in second and "page 2 of 2" in second
    beyond = client.get("/search/", {"q": "cells in patients", "page": 9}).content.decode()
    assert beyond.count('<li><span class="kind">') == 4 and "page 2 of 2" in beyond
    assert client.get("/search/", {"q": "cells", "page": "x"}).status_code == 200
    # a Chinese query over English abstracts: found through the multilingual encoder
    zh = client.get("/search/", {"q": "癌症免疫治疗"}).content.decode()
    assert "crosslingual" in zh and "items found" in zh and "keywords-only" not in zh
    english = client.get("/search/", {"q": "cells in patients"}).content.decode()
    assert "crosslingual" not in english


def test_the_search_page_count_is_cached_until_the_catalog_changes(world, client, catalog_items):
    from innofield.matchmaking import queries

    docs, items = catalog_items
    assert "24 items found" in client.get("/search/", {"q": "cells in patients"}).content.decode()
    cached = len(queries._COUNTS)
    assert "24 items found" in client.get("/search/", {"q": "cells in patients"}).content.decode()
    assert len(queries._COUNTS) == cached, "the same query at the same index state: no recount"
    catalog.create_item(
        actor=world.labber,
        data={
            "kind": "technology",
            "title": docs[3]["title"][:300],
            "owner": "LAB",
            "description": docs[3]["text"],
        },
    )
    page = client.get("/search/", {"q": "cells in patients"}).content.decode()
    assert "25 items found" in page, "a catalog change gives the count a new key"
    catalog.retire_item(actor=world.labber, item_id=items[0].pk)
    page = client.get("/search/", {"q": "cells in patients"}).content.decode()
    assert "24 items found" in page


def test_search_page_says_when_a_language_is_served_by_keywords_only(
    world, client, catalog_items, monkeypatch
):
    monkeypatch.setattr(index, "_bridge_wanted", lambda: False)
    index.forget()
    page = client.get("/search/", {"q": "癌症免疫治疗"}).content.decode()
    assert "Nothing found" in page  # English abstracts share no word with the query
    catalog.create_item(
        actor=world.labber,
        data={"kind": "technology", "title": "肿瘤免疫治疗新方法", "owner": "LAB"},
    )
    page = client.get("/search/", {"q": "免疫治疗"}).content.decode()
    assert "keywords-only" in page and "肿瘤免疫治疗新方法" in page


def test_errors_of_matchmaking_actions_speak_the_users_language(world):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(PermissionDenied) as refused:
        actions.set_lever(actor=world.firmer, name="prefer_cross_region", weight=0.5)
    assert "管理员" in str(refused.value)
    with pytest.raises(PermissionDenied, match="only platform admins"):
        actions.set_lever(actor=world.firmer, name="prefer_cross_region", weight=0.5)


def test_admins_rebuild_the_index_from_the_search_page(world, client, catalog_items):
    from innofield.jobs.models import Job

    client.force_login(world.firmer)
    assert "matchmaking.index.rebuild" not in client.get("/search/").content.decode()
    refused = client.post("/jobs/start/", {"kind": "matchmaking.index.rebuild"})
    assert refused.status_code in (302, 403) and not Job.objects.exists()
    client.force_login(world.admin)
    page = client.get("/search/").content.decode()
    assert 'value="matchmaking.index.rebuild"' in page
    started = client.post("/jobs/start/", {"kind": "matchmaking.index.rebuild", "next": "/jobs/"})
    assert started.status_code == 302
    job = Job.objects.get()
    assert (job.kind, job.owner) == ("matchmaking.index.rebuild", world.admin)
