"""Inequality and network measures against hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import (
    build_graph,
    centrality_table,
    coefficient_of_variation,
    communities,
    core_periphery,
    flow_matrix,
    gini,
    herfindahl,
    location_quotient,
    net_flows,
    rank_mobility,
    revealed_advantage,
    theil,
    theil_decomposition,
)


def test_gini_matches_pysal_convention() -> None:
    assert gini([1, 2, 3, 4, 10]) == pytest.approx(0.40)
    assert gini([5, 5, 5]) == 0
    assert gini([1, 2, 3, 4, 10], small_sample=True) == pytest.approx(0.5)
    assert gini([1, 2, 3, 4, 10], weights=[1] * 5) == pytest.approx(0.40)
    # a province with twice the population counts like two identical provinces
    assert gini([1, 3], weights=[2, 1]) == pytest.approx(gini([1, 1, 3]))
    with pytest.raises(ValueError, match="y: negative value"):
        gini([1, -1])


def test_theil_and_decomposition() -> None:
    y = np.array([1.0, 2, 3, 4, 10])
    mu = y.mean()
    assert theil(y) == pytest.approx(np.mean(y / mu * np.log(y / mu)))
    parts = theil_decomposition(y, ["a", "a", "b", "b", "b"])
    assert parts["between"] + parts["within"] == pytest.approx(parts["T"])
    assert theil([2, 2], population=[1, 1]) == 0
    with pytest.raises(ValueError, match="groups"):
        theil_decomposition(y, ["a"])


def test_concentration_and_specialisation() -> None:
    assert coefficient_of_variation([1, 2, 3]) == pytest.approx(1 / 2)
    assert herfindahl([1, 1, 1, 1]) == pytest.approx(0.25)
    assert herfindahl([1, 1, 1, 1], normalised=True) == pytest.approx(0)
    t = pd.DataFrame({"ict": [8, 2], "bio": [2, 8]}, index=["r1", "r2"])
    lq = location_quotient(t)
    assert lq.loc["r1", "ict"] == pytest.approx(1.6)
    assert revealed_advantage(t, symmetric=True).loc["r1", "ict"] == pytest.approx(0.6 / 2.6)


def test_rank_mobility() -> None:
    panel = pd.DataFrame({"2020": [3, 2, 1], "2021": [3, 1, 2]}, index=list("abc"))
    res = rank_mobility(panel)
    assert res.loc[0, "share_moved"] == pytest.approx(2 / 3)
    assert res.loc[0, "mean_abs_rank_change"] == pytest.approx(2 / 3)


def test_network_measures() -> None:
    links = pd.DataFrame(
        {
            "source": ["A", "A", "B", "C", "D", "E", "A"],
            "target": ["B", "C", "C", "A", "E", "F", "B"],
            "weight": [1, 2, 1, 1, 3, 1, 1],
        }
    )
    g = build_graph(links)
    assert g["A"]["B"]["weight"] == 2
    cent = centrality_table(g)
    assert cent.loc["A", "out_strength"] == 4 and cent.loc["A", "in_strength"] == 1
    comm = communities(g)
    groups = comm.groupby("community")["node"].apply(set).tolist()
    assert {"A", "B", "C"} in groups
    assert "modularity" in comm.attrs
    cp = core_periphery(g)
    assert set(cp.index[cp["in_core"]]) == {"A", "B", "C"}
    with pytest.raises(ValueError, match="weight: non-numeric"):
        build_graph(links.assign(weight=["x"] * 7))


def test_flow_matrix_and_net_flows() -> None:
    flows = pd.DataFrame(
        {
            "source": ["BJ", "BJ", "SH", "GD"],
            "target": ["SH", "GD", "BJ", "GD"],
            "value": [10.0, 5, 3, 7],
        }
    )
    m = flow_matrix(flows)
    assert m.loc["BJ", "SH"] == 10 and m.loc["SH", "GD"] == 0
    net = net_flows(m)
    assert net.loc["BJ", "net"] == 12 and net.loc["BJ", "role"] == "net exporter"
    assert net.loc["GD", "imports"] == 5  # the internal flow GD→GD is not trade
    assert net.loc["SH", "role"] == "net importer"
