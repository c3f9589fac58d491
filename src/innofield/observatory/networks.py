"""Networks from a table of links (collaborations, transactions, flows), with networkx.

Centralities (degree, strength, betweenness), communities (Louvain, seeded), k-core
core–periphery, and the region × region flow matrix with net exporters/importers.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd


def build_graph(
    links: pd.DataFrame,
    source: str = "source",
    target: str = "target",
    weight: str | None = "weight",
    directed: bool = True,
) -> nx.Graph:
    """A (Di)Graph from a link table; repeated pairs add up their weights."""
    for col in [source, target] + ([weight] if weight else []):
        if col not in links.columns:
            raise ValueError(f"{col}: column missing from the link table")
    w = (
        pd.to_numeric(links[weight], errors="coerce")
        if weight
        else pd.Series(1.0, index=links.index)
    )
    if w.isna().any():
        raise ValueError(f"{weight}: non-numeric or missing weight")
    agg = pd.DataFrame({"s": links[source], "t": links[target], "w": w.astype(float)})
    agg = agg.groupby(["s", "t"], as_index=False).agg(w=("w", "sum"))
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for s, t, wt in agg.itertuples(index=False):
        if g.has_edge(s, t):
            g[s][t]["weight"] += wt
        else:
            g.add_edge(s, t, weight=wt)
    return g


def centrality_table(g: nx.Graph) -> pd.DataFrame:
    """Per node: degree, normalised degree centrality, strength (in/out if directed), betweenness.

    Betweenness uses distance = 1/weight so that strong ties are short.
    """
    h = g.copy()
    for _, _, d in h.edges(data=True):
        d["distance"] = 1.0 / d["weight"] if d["weight"] > 0 else float("inf")
    out = pd.DataFrame(index=pd.Index(list(g.nodes), name="node"))
    out["degree"] = pd.Series(dict(g.degree()))
    out["degree_centrality"] = pd.Series(nx.degree_centrality(g))
    out["strength"] = pd.Series(dict(g.degree(weight="weight")))
    if g.is_directed():
        dg: nx.DiGraph = g  # type: ignore[assignment]
        out["in_strength"] = pd.Series(dict(dg.in_degree(weight="weight")))
        out["out_strength"] = pd.Series(dict(dg.out_degree(weight="weight")))
    out["betweenness"] = pd.Series(nx.betweenness_centrality(h, weight="distance"))
    return out.sort_values("strength", ascending=False)


def communities(g: nx.Graph, seed: int = 0) -> pd.DataFrame:
    """Louvain communities of the undirected, weighted graph (seeded); also returns modularity."""
    u = g.to_undirected() if g.is_directed() else g
    parts = nx.community.louvain_communities(u, weight="weight", seed=seed)
    q = nx.community.modularity(u, parts, weight="weight")
    rows = [(node, i) for i, part in enumerate(parts) for node in sorted(part, key=str)]
    df = pd.DataFrame(rows, columns=["node", "community"])
    df.attrs["modularity"] = q
    return df


def core_periphery(g: nx.Graph) -> pd.DataFrame:
    """k-core shells: the core number of each node; nodes in the innermost shell are the core."""
    u = nx.Graph(g.to_undirected() if g.is_directed() else g)
    u.remove_edges_from(nx.selfloop_edges(u))
    core = pd.Series(nx.core_number(u), name="core_number")
    return pd.DataFrame({"core_number": core, "in_core": core == core.max()})


def flow_matrix(
    flows: pd.DataFrame, source: str = "source", target: str = "target", value: str = "value"
) -> pd.DataFrame:
    """Region × region matrix (rows export to columns) from a flow table; missing pairs are 0."""
    for col in (source, target, value):
        if col not in flows.columns:
            raise ValueError(f"{col}: column missing from the flow table")
    v = pd.to_numeric(flows[value], errors="coerce")
    if v.isna().any():
        raise ValueError(f"{value}: non-numeric or missing flow value")
    m = flows.assign(**{value: v}).pivot_table(
        index=source, columns=target, values=value, aggfunc="sum", fill_value=0.0
    )
    regions = sorted(set(m.index) | set(m.columns), key=str)
    return m.reindex(index=regions, columns=regions, fill_value=0.0)


def net_flows(
    matrix: pd.DataFrame | None = None,
    exports: pd.Series | None = None,
    imports: pd.Series | None = None,
) -> pd.DataFrame:
    """Exports, imports, net (exports − imports) and role per region.

    Give either a flow matrix or two series (e.g. technology-market turnover exported and
    absorbed by province). Role: ``net exporter`` if net > 0, ``net importer`` if < 0.
    """
    if matrix is not None:
        off = matrix.to_numpy(copy=True)
        off[range(len(off)), range(len(off))] = 0
        exports = pd.Series(off.sum(axis=1), index=matrix.index)
        imports = pd.Series(off.sum(axis=0), index=matrix.columns)
    if exports is None or imports is None:
        raise ValueError("net_flows: give a matrix or both exports and imports")
    df = pd.DataFrame({"exports": exports, "imports": imports}).fillna(0.0)
    df["net"] = df["exports"] - df["imports"]
    df["ratio"] = df["exports"] / df["imports"].where(df["imports"] != 0)
    df["role"] = [
        "net exporter" if n > 0 else "net importer" if n < 0 else "balanced" for n in df["net"]
    ]
    return df.sort_values("net", ascending=False)


def participation(g: nx.Graph, membership: dict[object, int]) -> pd.DataFrame:
    """Guimerà–Amaral roles of the nodes of an undirected, weighted graph given their
    communities (Guimerà & Amaral 2005, *Functional cartography of complex metabolic
    networks*, Nature 433:895):

    * ``within_z`` — the z-score of a node's strength inside its own community;
    * ``participation`` — P = 1 − Σ_c (k_ic / k_i)², 0 when all its ties stay in one
      community, towards 1 when they spread evenly over many (the bridges);
    * ``communities_reached`` — how many communities its ties reach;
    * ``role`` — hubs (z ≥ 2.5) are ``provincial hub`` (P ≤ 0.30), ``connector hub``
      (P ≤ 0.75) or ``kinless hub``; the others ``ultra-peripheral`` (P ≤ 0.05),
      ``peripheral`` (P ≤ 0.62), ``connector`` (P ≤ 0.80) or ``kinless``.
    """
    u = g.to_undirected() if g.is_directed() else g
    rows = []
    for node in u.nodes:
        k = sum(d.get("weight", 1.0) for _, _, d in u.edges(node, data=True))
        by_comm: dict[int, float] = {}
        for _, other, d in u.edges(node, data=True):
            c = membership.get(other, -1)
            by_comm[c] = by_comm.get(c, 0.0) + d.get("weight", 1.0)
        p = 1.0 - sum((v / k) ** 2 for v in by_comm.values()) if k > 0 else 0.0
        rows.append(
            {
                "node": node,
                "community": membership.get(node, -1),
                "within": by_comm.get(membership.get(node, -1), 0.0),
                "participation": max(p, 0.0),
                "communities_reached": len(by_comm),
            }
        )
    df = pd.DataFrame(rows).set_index("node")
    if df.empty:
        return df.assign(within_z=[], role=[])
    grouped = df.groupby("community")["within"]
    sd = grouped.transform("std").fillna(0.0)
    df["within_z"] = ((df["within"] - grouped.transform("mean")) / sd.where(sd > 0)).fillna(0.0)
    df["role"] = [_role(z, p) for z, p in zip(df["within_z"], df["participation"], strict=True)]
    return df.drop(columns="within")


def _role(z: float, p: float) -> str:
    if z >= 2.5:
        return "provincial hub" if p <= 0.30 else "connector hub" if p <= 0.75 else "kinless hub"
    if p <= 0.05:
        return "ultra-peripheral"
    return "peripheral" if p <= 0.62 else "connector" if p <= 0.80 else "kinless"


def layout(g: nx.Graph, seed: int = 0, iterations: int = 100) -> dict[object, tuple[float, float]]:
    """Node positions for a picture, in [0, 1] × [0, 1]: a seeded force-directed layout
    (Fruchterman–Reingold on the weights), each connected component placed apart."""
    if g.number_of_nodes() == 0:
        return {}
    u = g.to_undirected() if g.is_directed() else g
    pos = nx.spring_layout(u, seed=seed, weight="weight", iterations=iterations)
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    x0, y0 = min(xs), min(ys)
    dx, dy = (max(xs) - x0) or 1.0, (max(ys) - y0) or 1.0
    return {n: ((float(x) - x0) / dx, (float(y) - y0) / dy) for n, (x, y) in pos.items()}
