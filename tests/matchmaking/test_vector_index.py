"""The HNSW vector index on the platform (the path PostgreSQL deployments take), on both
databases: the same results as exact search, filters, edits and retirements visible in the
next search, and the graph file that the rebuild job writes and other processes adopt."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import connection

from innofield.catalog import actions as catalog
from innofield.matching.ann import HnswVectors
from innofield.matchmaking import actions, index

from .test_matchmaking import catalog_items  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _own_search_dir(settings, tmp_path):
    settings.INNOFIELD_SEARCH_DIR = tmp_path / "search"
    index.forget()
    yield
    index.forget()


@pytest.fixture
def hnsw(settings):
    """The HNSW index, searched through the graph even on a catalog this small."""
    settings.INNOFIELD_VECTOR_INDEX = "hnsw"
    settings.INNOFIELD_ANN_OPTIONS = {"brute_rows": 0, "max_fetch": 1.0, "fetch_rows": 0}


def _search(api, **params):  # type: ignore[no-untyped-def]
    hits = api().get("/api/search", k=10, **params).json()["items"]
    return [(h["id"], round(h["explanation"]["cosine"] or 0.0, 4)) for h in hits]


def _graph() -> HnswVectors:
    dense = index.engine_for("item").dense_
    assert isinstance(dense, HnswVectors)
    return dense


def test_the_default_index_follows_the_database(world, catalog_items):  # noqa: F811
    expected = "hnsw" if connection.vendor == "postgresql" else "exact"
    assert expected == django_settings.INNOFIELD_VECTOR_INDEX
    assert isinstance(index.engine_for("item").dense_, HnswVectors) == (expected == "hnsw")


def test_results_equal_exact_search_with_and_without_filters(
    world,
    api,
    catalog_items,  # noqa: F811
    hnsw,
    settings,
):
    docs, items = catalog_items
    queries = [" ".join(d["title"].split()[:6]) for d in docs[:6]]
    queries.append("immune response of cancer cells")
    filters = [
        {},
        {"kind": "service"},
        {"organization_type": "state_key_lab"},
        {"region": world.js.code},
    ]
    got = {(q, i): _search(api, q=q, **f) for q in queries for i, f in enumerate(filters)}
    assert _graph().searches["graph"] >= len(got) and _graph().searches["exact"] == 0
    settings.INNOFIELD_VECTOR_INDEX = "exact"
    index.forget()
    for (q, i), ranked in got.items():
        assert ranked == _search(api, q=q, **filters[i]), (q, filters[i])
    services = {it.pk for it in items if it.kind == "service"}
    assert {pk for pk, _ in got[(queries[0], 1)]} <= services
    assert all(len(ranked) == 10 for ranked in got.values())


def test_edits_and_retirements_are_seen_by_the_next_search(
    world,
    api,
    catalog_items,  # noqa: F811
    hnsw,
):
    docs, items = catalog_items
    query = "Zeolitic imidazolate framework membrane for gas separation"
    before = _search(api, q=query)
    rows = len(_graph().vectors)
    catalog.update_item(actor=world.labber, item_id=items[4].pk, data={"title": query})
    assert _search(api, q=query)[0][0] == items[4].pk
    assert _search(api, q=query, kind="technology")[0][0] == items[4].pk
    assert items[4].pk not in {pk for pk, _ in _search(api, q=query, kind="service")}
    graph = _graph()
    live = sum(len(index.engine_for("item").passages_of(d)) for d in graph_docs())
    assert len(graph.graph) == live and len(graph.vectors) > rows  # old rows out of the graph
    catalog.retire_item(actor=world.labber, item_id=items[4].pk)
    after = _search(api, q=query)
    assert items[4].pk not in {pk for pk, _ in after}
    assert [pk for pk, _ in after][:9] == [pk for pk, _ in before if pk != items[4].pk][:9]


def graph_docs():  # type: ignore[no-untyped-def]
    """The documents the item engine holds."""
    return list(index.engine_for("item").documents_.values())


def test_the_rebuild_job_saves_the_graph_that_other_processes_adopt(
    world,
    api,
    catalog_items,  # noqa: F811
    hnsw,
):
    docs, items = catalog_items
    actions.rebuild_index(actor=world.admin)
    path = index.graph_path("item")
    assert path.exists() and path.with_suffix(".json").exists()
    index.forget()  # another process: adopts the file, inserts nothing
    assert _graph().reconciled == {
        "reused": len(_graph().vectors),
        "inserted": 0,
        "removed": 0,
        "changed": False,
    }
    ranked = _search(api, q="immune response of cancer cells")
    catalog.update_item(actor=world.labber, item_id=items[2].pk, data={"title": "Graphene ink"})
    index.forget()  # a process started after the edit: only the edited item is inserted
    again = _graph().reconciled
    edited = index.engine_for("item").documents_[str(items[2].pk)]
    passages = len(index.engine_for("item").passages_of(edited))  # each carries the title
    assert again["changed"] and again["inserted"] == passages == again["removed"]
    assert again["reused"] == len(_graph().vectors) - again["inserted"]
    assert _search(api, q="Graphene ink")[0][0] == items[2].pk
    ranked_again = _search(api, q="immune response of cancer cells")
    assert [pk for pk, _ in ranked_again if pk != items[2].pk] == [
        pk for pk, _ in ranked if pk != items[2].pk
    ][: len([pk for pk, _ in ranked_again if pk != items[2].pk])]
