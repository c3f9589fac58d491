"""Bridging roles (participation coefficient, Guimerà–Amaral) and the seeded layout."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from innofield.observatory import build_graph, communities, layout, participation


def two_cliques_and_a_broker() -> nx.Graph:
    """Two 4-cliques (A*, B*) and a broker X tied twice to each."""
    rows = []
    for group in ("A", "B"):
        members = [f"{group}{i}" for i in range(4)]
        rows += [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    rows += [("X", "A0"), ("X", "A1"), ("X", "B0"), ("X", "B1")]
    links = pd.DataFrame(rows, columns=["source", "target"]).assign(weight=1.0)
    return build_graph(links, directed=False)


def test_the_broker_spreads_its_ties_and_clique_members_do_not() -> None:
    g = two_cliques_and_a_broker()
    membership = {n: (0 if n.startswith("A") else 1) for n in g.nodes}
    membership["X"] = 2
    p = participation(g, membership)
    assert p.loc["X", "participation"] == pytest.approx(1 - 0.5**2 - 0.5**2)
    assert p.loc["X", "communities_reached"] == 2
    assert p.loc["A3", "participation"] == 0.0 and p.loc["A3", "role"] == "ultra-peripheral"
    # A0 has 3 ties in its clique and one to the broker: P = 1 - (3/4)² - (1/4)²
    assert p.loc["A0", "participation"] == pytest.approx(0.375)
    assert p.loc["A0", "role"] == "peripheral"


def test_participation_with_louvain_communities_finds_the_broker_first() -> None:
    g = two_cliques_and_a_broker()
    comm = communities(g, seed=0)
    membership = dict(zip(comm["node"], comm["community"], strict=True))
    p = participation(g, membership)
    assert p["participation"].idxmax() == "X"


def test_roles_follow_the_published_thresholds() -> None:
    from innofield.observatory.networks import _role

    assert _role(3.0, 0.2) == "provincial hub" and _role(3.0, 0.5) == "connector hub"
    assert _role(3.0, 0.9) == "kinless hub" and _role(0.0, 0.7) == "connector"
    assert _role(0.0, 0.9) == "kinless" and _role(0.0, 0.04) == "ultra-peripheral"


def test_layout_is_seeded_and_fits_the_unit_square() -> None:
    g = two_cliques_and_a_broker()
    a, b = layout(g, seed=3), layout(g, seed=3)
    assert a == b and set(a) == set(g.nodes)
    xs = [x for x, _ in a.values()]
    ys = [y for _, y in a.values()]
    assert min(xs) == 0.0 and max(xs) == 1.0 and min(ys) == 0.0 and max(ys) == 1.0
    assert layout(nx.Graph()) == {}
