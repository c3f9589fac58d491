"""Compiled search filters shared between requests (``queries._compiled``), on both
databases (PostgreSQL's pass searches through the HNSW graph): a cached filter follows the
catalog (items added, retired, moved, repriced), the cross-region boosts follow the home
province, and every result equals the per-request path's."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Q

from innofield.catalog import actions as catalog
from innofield.catalog.models import Item
from innofield.matching.ann import HnswVectors
from innofield.matchmaking import index, queries
from innofield.matchmaking.queries import Filters

from .test_matchmaking import catalog_items  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.INNOFIELD_SEARCH_DIR = tmp_path / "search"
    # on the HNSW index (PostgreSQL's default) every search goes through the graph
    settings.INNOFIELD_ANN_OPTIONS = {"brute_rows": 0, "max_fetch": 1.0, "fetch_rows": 0}
    index.forget()
    queries.forget_filters()
    yield
    index.forget()
    queries.forget_filters()


@pytest.fixture
def fetches(monkeypatch):  # type: ignore[no-untyped-def]
    """How many times the allowed ids were fetched from SQL."""
    calls: list[str] = []
    real = queries._allowed_ids

    def counted(target, *args):  # type: ignore[no-untyped-def]
        calls.append(target)
        return real(target, *args)

    monkeypatch.setattr(queries, "_allowed_ids", counted)
    return calls


def _ids(results: list[dict[str, Any]]) -> list[int]:
    return [r["object"].pk for r in results]


def _new_service(world, title: str) -> Item:  # type: ignore[no-untyped-def]
    return catalog.create_item(
        actor=world.rivaler,
        data={
            "kind": "service",
            "title": title,
            "description": "A consulting service on " + title.lower(),
            "owner": "RIVAL",
            "details": {"service_type": "consulting"},
        },
    )


def test_the_index_behind_the_pass(world, catalog_items):  # noqa: F811
    hnsw = isinstance(index.engine_for("item").dense_, HnswVectors)
    assert hnsw == (connection.vendor == "postgresql")


def test_a_repeated_filter_is_fetched_once_and_sees_items_added_after(
    world,
    catalog_items,  # noqa: F811
    fetches,
):
    docs, items = catalog_items
    query = "zeolitic imidazolate framework membrane for gas separation"
    services = Filters(kind="service")
    first = queries.search(world.outsider, query, services, k=5)
    again = queries.search(world.firmer, query, services, k=5)  # another actor, same rows
    assert _ids(first) == _ids(again) and len(fetches) == 1
    assert all(r["explanation"]["filtered"] for r in first)
    added = _new_service(world, "Zeolitic imidazolate framework membrane for gas separation")
    after = queries.search(world.outsider, query, services, k=5)
    assert _ids(after)[0] == added.pk, "a catalog change gives the filter a new key"
    assert len(fetches) == 2
    assert len(queries._FILTERS) == 1, "the entry of the old index state is dropped"
    queries.search(world.outsider, query, services, k=5)
    assert len(fetches) == 2
    technologies = queries.search(world.outsider, query, Filters(kind="technology"), k=24)
    assert added.pk not in _ids(technologies) and len(fetches) == 3


def test_items_retired_moved_or_repriced_out_of_a_cached_filter_disappear(
    world,
    catalog_items,  # noqa: F811
):
    docs, items = catalog_items
    query = " ".join(docs[1]["title"].split()[:8])  # items[1]: RIVAL's service in Jiangsu
    target = items[1].pk
    in_js = Filters(region=world.js.code)
    in_zj = Filters(region=world.zj.code)
    cheap = Filters(price_max_fen=10_000)
    assert _ids(queries.search(None, query, in_js, k=3))[0] == target
    assert queries.search(None, query, in_zj, k=3) == []  # no item in Zhejiang yet
    catalog.update_item(actor=world.rivaler, item_id=target, data={"price_fen": 5_000})
    assert _ids(queries.search(None, query, cheap, k=3)) == [target]
    catalog.update_item(actor=world.rivaler, item_id=target, data={"region": world.zj.code})
    assert target not in _ids(queries.search(None, query, in_js, k=24))
    assert _ids(queries.search(None, query, in_zj, k=3)) == [target]
    catalog.update_item(actor=world.rivaler, item_id=target, data={"price_fen": 50_000})
    assert queries.search(None, query, cheap, k=3) == []
    catalog.retire_item(actor=world.rivaler, item_id=target)
    assert queries.search(None, query, in_zj, k=3) == []
    assert target not in _ids(queries.search(None, query, Filters(kind="service"), k=24))


def test_the_levers_boosts_follow_the_home_province(
    world,
    catalog_items,  # noqa: F811
    fetches,
):
    docs, items = catalog_items
    far = catalog.update_item(actor=world.labber, item_id=items[0].pk, data={"region": "330000"})
    query = "cells in patients"

    def boosted(home):  # type: ignore[no-untyped-def]
        hits = queries.search(None, query, Filters(), k=24, cross_region=1.0, home_region=home)
        assert len(hits) == 24
        return {r["object"].pk for r in hits if r["explanation"]["levers"]["prefer_cross_region"]}

    from_js = boosted(world.js)
    assert from_js == {far.pk}  # every other item is in Jiangsu (Nanjing is a Jiangsu city)
    from_zj = boosted(world.zj)
    assert from_zj == {it.pk for it in items} - {far.pk}
    assert len(fetches) == 2
    assert boosted(world.nj) == from_js and len(fetches) == 2, "Nanjing: Jiangsu's entry"
    plain = queries.search(None, query, Filters(), k=24, cross_region=0.0, home_region=world.zj)
    assert all(r["explanation"]["levers"] == {} for r in plain)
    assert not plain[0]["explanation"]["filtered"], "no lever, no filter: no id list"


QUERIES = [
    "cells in patients",
    "immune response of cancer cells",
    "gene expression in mice",
    "癌症免疫治疗",  # served by the cross-lingual encoder
]
FILTERS = [
    Filters(),
    Filters(kind="service"),
    Filters(kind="technology", region="320100"),
    Filters(organization_type="state_key_lab"),
    Filters(region="320000", price_max_fen=10**9),
    Filters(organization_type="university"),  # nothing passes
]


def _shown(results: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["object"].pk, round(r["score"], 6), r["rank"], r["explanation"]) for r in results]


def test_results_equal_the_per_request_path(world, catalog_items, settings):  # noqa: F811
    docs, items = catalog_items
    catalog.update_item(actor=world.labber, item_id=items[2].pk, data={"price_fen": 20_000})
    queries_ = [*QUERIES, " ".join(docs[5]["title"].split()[:6])]
    cases = [
        (q, f, lever, home)
        for q in queries_
        for f in FILTERS
        for lever, home in [(None, None), (0.7, world.zj), (0.7, world.nj)]
    ]
    got = {
        i: _shown(queries.search(world.outsider, q, f, 10, lever, home))
        for i, (q, f, lever, home) in enumerate(cases)
    }
    pages = {f: queries.search_page(None, "cells in patients", f, 1, 5) for f in FILTERS}
    assert any(got.values()) and len(queries._FILTERS) > len(FILTERS)
    settings.INNOFIELD_SEARCH_FILTER_CACHE = False
    queries._COUNTS.clear()
    for i, (q, f, lever, home) in enumerate(cases):
        assert got[i] == _shown(queries.search(world.outsider, q, f, 10, lever, home)), cases[i]
    for f, (results, total, page) in pages.items():
        fresh = queries.search_page(None, "cells in patients", f, 1, 5)
        assert (_shown(results), total, page) == (_shown(fresh[0]), fresh[1], fresh[2]), f
    assert sum(1 for r in got.values() if r) >= len(cases) * 4 // 6


def test_demands_share_their_filter_too(world, api, catalog_items, fetches):  # noqa: F811
    docs, items = catalog_items
    for n in (3, 5):
        catalog.create_demand(
            actor=world.rivaler,
            data={
                "kind": "technology",
                "title": docs[n]["title"],
                "owner": "RIVAL",
                "description": docs[n]["text"][:600],
            },
        )
    first = api().get("/api/match/reverse", item=items[3].pk, cross_region=0.5).json()["items"]
    again = api().get("/api/match/reverse", item=items[5].pk, cross_region=0.5).json()["items"]
    assert first[0]["title"] == docs[3]["title"] and again[0]["title"] == docs[5]["title"]
    assert fetches == ["demand"], "both items are in Jiangsu: one entry for the two"


def test_rows_that_depend_on_the_actor_are_fetched_per_request(
    world,
    catalog_items,  # noqa: F811
    fetches,
    monkeypatch,
):
    assert queries.public_when_active("item") and queries.public_when_active("demand")
    docs, items = catalog_items
    # were only active technologies public, RIVAL's active services would be its own
    monkeypatch.setattr(Item, "permission_public", Q(status="active", kind="technology"))
    assert not queries.public_when_active("item")
    query = " ".join(docs[1]["title"].split()[:8])
    outsider = _ids(queries.search(world.outsider, query, Filters(), k=24))
    rivaler = _ids(queries.search(world.rivaler, query, Filters(), k=24))
    assert set(outsider) == {it.pk for it in items if it.kind == "technology"}
    assert set(rivaler) == {it.pk for it in items} and rivaler[0] == items[1].pk
    assert queries._FILTERS == {} and len(fetches) == 2
