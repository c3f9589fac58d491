"""The collaboration network of organisations, built from the platform's own records.

Edges come from a registry of **edge sources**: each is a function returning
``[{"source": org code, "target": org code, "kind": ..., "ref": ..., "weight"?: float}]``
registered under its kind with :func:`register`. This module registers the sources of
the apps the observatory reads directly (technology-market contracts, cross-region
bookings, data-sharing agreements); other apps add theirs from their ``AppConfig.ready``
(the challenges app registers poster–solver pairs, the consortia app the partners of
joint projects and the members of alliances, weighted), so a new kind of collaboration
needs no change here. An edge's ``weight`` defaults to 1; repeated pairs add up.

:func:`compute` turns the edges into the page's payload with the observatory's
``networks`` functions (centrality, Louvain communities, Guimerà–Amaral bridging roles,
k-core core–periphery and a seeded layout). :func:`network` caches it by the edges'
fingerprint: the records are read on every request (a few SQL queries), the graph is
computed again only when they changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from innofield.registry.models import Organization, Region

EdgeSource = Callable[[], Iterable[dict[str, Any]]]
_SOURCES: dict[str, tuple[EdgeSource, Promise | str]] = {}
#: Organisation types counted as the "specialised SMEs" the bridging table highlights.
SME_TYPES = ("sme", "specialized_sme")
#: The most nodes the picture draws (the strongest ones); the tables use them all.
PICTURE_NODES = 250
CACHE_SECONDS = 3600
SEED = 0


def register(kind: str, source: EdgeSource, label: Promise | str = "") -> EdgeSource:
    """Add an edge source under ``kind`` (registering the same function again is
    harmless; another function under a taken kind raises ``ValueError``)."""
    known = _SOURCES.get(kind)
    if known is not None and known[0] is not source:
        raise ValueError(f"an edge source is already registered as {kind!r}")
    _SOURCES[kind] = (source, label or kind)
    return source


def kinds() -> dict[str, str]:
    """The registered kinds and their labels (in the active language)."""
    _builtin()
    return {k: str(label) for k, (_fn, label) in sorted(_SOURCES.items())}


def edges(selected: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every edge of the ``selected`` kinds (all when ``None``), self-loops left out."""
    _builtin()
    wanted = set(selected) if selected is not None else set(_SOURCES)
    out = []
    for kind, (source, _label) in sorted(_SOURCES.items()):
        if kind not in wanted:
            continue
        for e in source():
            if e["source"] != e["target"]:
                out.append({"weight": 1.0, **e, "kind": e.get("kind") or kind})
    return out


def _province(regions: Mapping[int, tuple[str, int | None, str]], rid: int) -> int:
    code_level = regions.get(rid)
    while code_level and code_level[2] in ("city", "district") and code_level[1] is not None:
        rid = code_level[1]
        code_level = regions.get(rid)
    return rid


def market_edges() -> list[dict[str, Any]]:
    """Buyer–seller pairs of technology contracts (signed, registered or completed)."""
    from innofield.market.models import Deal

    rows = Deal.objects.filter(state__in=("signed", "registered", "completed")).values_list(
        "buyer__code", "listing__seller__code", "pk"
    )
    return [{"source": b, "target": s, "kind": "market", "ref": str(pk)} for b, s, pk in rows]


def booking_edges() -> list[dict[str, Any]]:
    """Booker organisation – instrument owner pairs of bookings across provinces
    (confirmed, in use or completed), one edge per booking."""
    from innofield.booking.models import Booking

    regions = {
        pk: (code, parent, level)
        for pk, code, parent, level in Region.objects.values_list(
            "pk", "code", "parent_id", "level"
        )
    }
    rows = Booking.objects.filter(status__in=("confirmed", "checked_in", "completed")).values_list(
        "organization__code",
        "organization__region_id",
        "instrument__owner__code",
        "instrument__owner__region_id",
        "pk",
    )
    return [
        {"source": b, "target": o, "kind": "booking", "ref": str(pk)}
        for b, br, o, orr, pk in rows
        if _province(regions, br) != _province(regions, orr)
    ]


def data_edges() -> list[dict[str, Any]]:
    """Requester–holder pairs of data-sharing agreements the holder agreed to (current or
    ended since)."""
    from innofield.alliances.models import Agreement

    rows = Agreement.objects.filter(
        state__in=("agreed", "expired", "terminated", "revoked")
    ).values_list("requester__code", "dataset__owner__code", "pk")
    return [{"source": r, "target": h, "kind": "data", "ref": str(pk)} for r, h, pk in rows]


def _builtin() -> None:
    register("market", market_edges, _("technology-market contracts"))
    register("booking", booking_edges, _("cross-region instrument bookings"))
    register("data", data_edges, _("data-sharing agreements"))


def fingerprint(links: list[dict[str, Any]], selected: list[str]) -> str:
    """SHA-256 of the edges and the kinds asked for: the cache key of the result."""
    body = sorted(
        (e["source"], e["target"], e["kind"], str(e.get("ref")), e["weight"]) for e in links
    )
    return hashlib.sha256(json.dumps([selected, body]).encode()).hexdigest()


def network(selected: list[str] | None = None) -> dict[str, Any]:
    """The payload of the network of the ``selected`` kinds (all when ``None``), cached
    by fingerprint."""
    names = sorted(selected if selected is not None else kinds())
    links = edges(names)
    key = f"dashboards:network:{fingerprint(links, names)}"
    payload = cache.get(key)
    if payload is None:
        payload = compute(links)
        cache.set(key, payload, CACHE_SECONDS)
    return {**payload, "selected": names}


def compute(links: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes with centrality, community, core and bridging role, positions for the
    picture, links with their kinds, and summary figures (see the module docstring)."""
    import networkx as nx
    import pandas as pd

    from innofield.observatory.networks import (
        build_graph,
        centrality_table,
        communities,
        core_periphery,
        layout,
        participation,
    )

    empty: dict[str, Any] = {"nodes": [], "links": [], "communities": [], "modularity": None}
    if not links:
        return {**empty, "summary": {"nodes": 0, "links": 0, "kinds": {}}}
    frame = pd.DataFrame(links)
    g = build_graph(frame, weight="weight", directed=False)
    kinds_of: dict[tuple[str, str], Counter[str]] = {}
    for e in links:
        pair = tuple(sorted((e["source"], e["target"])))
        kinds_of.setdefault(pair, Counter())[e["kind"]] += 1  # type: ignore[index]
    cent = centrality_table(g)
    comm = communities(g, seed=SEED)
    membership = dict(zip(comm["node"], comm["community"], strict=True))
    roles = participation(g, membership)
    core = core_periphery(g)
    pos = layout(g, seed=SEED)
    orgs: dict[str, dict[str, Any]] = {
        o["code"]: dict(o)
        for o in Organization.objects.filter(code__in=list(g.nodes)).values(
            "code", "name_zh", "name_en", "type", "region__name_zh", "region__name_en"
        )
    }
    nodes = []
    for code in g.nodes:
        org: dict[str, Any] = orgs.get(code, {})
        c, r, k = cent.loc[code], roles.loc[code], core.loc[code]
        nodes.append(
            {
                "code": code,
                "name_zh": org.get("name_zh") or code,
                "name_en": org.get("name_en") or org.get("name_zh") or code,
                "type": org.get("type", ""),
                "region_zh": org.get("region__name_zh") or "",
                "region_en": org.get("region__name_en") or "",
                "degree": int(c["degree"]),
                "strength": float(c["strength"]),
                "betweenness": round(float(c["betweenness"]), 6),
                "community": int(r["community"]),
                "participation": round(float(r["participation"]), 4),
                "communities_reached": int(r["communities_reached"]),
                "within_z": round(float(r["within_z"]), 4),
                "role": str(r["role"]),
                "core_number": int(k["core_number"]),
                "in_core": bool(k["in_core"]),
                "x": round(pos[code][0], 4),
                "y": round(pos[code][1], 4),
            }
        )
    nodes.sort(key=lambda n: (-n["strength"], n["code"]))
    sizes = Counter(n["community"] for n in nodes)
    groups = [
        {
            "community": cid,
            "size": size,
            "members": [n["code"] for n in nodes if n["community"] == cid][:5],
        }
        for cid, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    edge_rows = [
        {
            "source": s,
            "target": t,
            "weight": float(d["weight"]),
            "kinds": dict(kinds_of.get(tuple(sorted((s, t))), Counter())),  # type: ignore[arg-type]
        }
        for s, t, d in g.edges(data=True)
    ]
    summary = {
        "nodes": g.number_of_nodes(),
        "links": g.number_of_edges(),
        "records": len(links),
        "density": round(float(nx.density(g)), 6),
        "components": nx.number_connected_components(g),
        "core_size": sum(1 for n in nodes if n["in_core"]),
        "kinds": dict(Counter(e["kind"] for e in links)),
    }
    return {
        "nodes": nodes,
        "links": edge_rows,
        "communities": groups,
        "modularity": round(float(comm.attrs["modularity"]), 4),
        "summary": summary,
    }


def bridges(payload: dict[str, Any], limit: int = 15) -> list[dict[str, Any]]:
    """Organisations whose ties span communities, most spread first (participation),
    SMEs and specialised SMEs first among equals: the network's brokers."""
    rows = [n for n in payload["nodes"] if n["communities_reached"] >= 2]
    rows.sort(key=lambda n: (-n["participation"], n["type"] not in SME_TYPES, -n["betweenness"]))
    return rows[:limit]
