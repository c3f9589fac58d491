"""The API's numbers equal what the observatory library computes from the CSV files.

Two independent paths: the platform loads the demo's panels into the stats tables, reads
them back through SQL and caches the results; the tests run the library on the yearbook CSV
files in the shared data folder and compare every number.
"""

from __future__ import annotations

import csv
import math

import pytest

from innofield.dashboards import queries
from innofield.dashboards.payloads import UA_RUNS, UA_SEED
from innofield.demo.load import DATA
from innofield.observatory.china import (
    china_uncertainty,
    china_years,
    innovation_ccd,
    rd_inequality,
    tech_market_flows,
)
from innofield.observatory.china_framework import PROVINCES, SOURCE_VARIABLES
from innofield.observatory.inequality import theil_decomposition

TOL = 1e-9


def close(a, b, tol=TOL):
    """Equal within ``tol`` (absolute and relative); both missing counts as equal."""
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def test_panel_read_through_sql_equals_the_files(provinces, from_files):
    db = queries.read_panel()
    files = from_files[
        from_files["variables"].isin(list(SOURCE_VARIABLES))
        & from_files["province"].isin([*PROVINCES, "全国"])
    ].dropna(subset=["value"])
    key = ["province", "year", "variables"]
    left = db.set_index(key)["value"].sort_index()
    right = files.set_index(key)["value"].astype(float).sort_index()
    assert len(left) == len(right) > 5000
    assert left.index.equals(right.index)
    assert (left == right).all()


def test_index_equals_the_library_for_every_year(observatory, api, from_files, built_from_files):
    built, _ = built_from_files
    client = api()
    summary = client.get("/api/observatory/").json()
    assert summary["index_years"] == china_years(from_files) == sorted(built)
    assert summary["index_years"][0] == 2012 and summary["index_years"][-1] == 2022
    for year, index in built.items():
        body = client.get("/api/observatory/index", year=year).json()
        assert body["year"] == year and body["uncertainty"] == {"runs": UA_RUNS, "seed": UA_SEED}
        expected = index.results_.set_index("uCode")
        bands = china_uncertainty(index, UA_RUNS, UA_SEED)
        order = index.results_.sort_values(["Index_Rank", "uCode"])["uCode"]
        assert [r["uCode"] for r in body["rows"]] == list(order)
        for row in body["rows"]:
            e = expected.loc[row["uCode"]]
            assert close(row["score"], float(e["Index"])), (year, row["uCode"])
            assert row["rank"] == float(e["Index_Rank"])
            for pillar in ("Inputs", "Outputs", "Diffusion"):
                assert close(row["pillars"][pillar], float(e[pillar]))
                assert row["pillar_ranks"][pillar] == float(e[f"{pillar}_Rank"])
            band = bands.loc[row["uCode"]]
            assert (row["rank_median"], row["rank_q5"], row["rank_q95"]) == (
                float(band["Median"]),
                float(band["Q5"]),
                float(band["Q95"]),
            )
            assert row["rank_q5"] <= row["rank_median"] <= row["rank_q95"]
        ranks = [r["rank"] for r in body["rows"]]
        assert ranks == sorted(ranks)


def test_index_history_equals_the_library(observatory, api, built_from_files):
    _, long = built_from_files
    history = api().get("/api/observatory/index", year=2016).json()["history"]
    assert history["years"] == sorted(int(y) for y in long["year"].unique())
    assert len(history["series"]) == 31
    for series in history["series"]:
        mine = long[long["uCode"] == series["uCode"]].set_index("year")["Index"]
        for year, score in zip(history["years"], series["scores"], strict=True):
            assert close(score, float(mine[year]) if year in mine.index else None)


def test_ccd_equals_the_library_for_every_year(observatory, api, built_from_files):
    built, _ = built_from_files
    client = api()
    for year, index in built.items():
        body = client.get("/api/observatory/ccd", year=year).json()
        expected = innovation_ccd(index)
        assert len(body["rows"]) == len(expected) and body["subsystems"] == [
            "Inputs",
            "Outputs",
            "Diffusion",
        ]
        ds = [r["D"] for r in body["rows"]]
        assert ds == sorted(ds, reverse=True)
        for row in body["rows"]:
            e = expected.loc[row["uCode"]]
            for col in ("C", "T", "D"):
                assert close(row[col], float(e[col])), (year, row["uCode"], col)
            for pillar, u in row["U"].items():
                assert close(u, float(e[pillar]))
            assert (row["grade"], row["grade_zh"]) == (e["grade"], e["grade_zh"])


def test_inequality_equals_the_library(observatory, api, from_files):
    body = api().get("/api/observatory/inequality").json()
    expected = rd_inequality(from_files)
    assert [r["year"] for r in body["rows"]] == [int(y) for y in expected["year"]]
    for row, e in zip(body["rows"], expected.to_dict("records"), strict=True):
        assert row["provinces"] == e["provinces"] == 31
        for col in ("gini", "cv", "theil", "theil_between", "theil_within", "between_share"):
            assert close(row[col], float(e[col]), 1e-12), (row["year"], col)
        assert close(row["theil_between"] + row["theil_within"], row["theil"], 1e-12)


def test_zone_decomposition_equals_the_library(observatory, api, from_files):
    with open(DATA / "provinces.csv", encoding="utf-8") as fh:
        zones = {row["short_zh"]: row["zone"] for row in csv.DictReader(fh)}
    body = api().get("/api/observatory/inequality").json()["zones"]
    assert body["groups"] == ["central", "east", "northeast", "west"]
    rd = from_files[
        (from_files["variables"] == "v4_zh_nbzc_hj") & from_files["province"].isin(list(zones))
    ].dropna(subset=["value"])
    years = sorted(int(y) for y in rd["year"].unique())
    assert [r["year"] for r in body["rows"]] == years
    for row in body["rows"]:
        g = rd[rd["year"] == row["year"]]
        values = g["value"].to_numpy(float)
        expected = theil_decomposition(values, [zones[p] for p in g["province"]])
        assert row["provinces"] == len(values) == 31
        assert close(row["theil"], expected["T"], 1e-12)
        assert close(row["theil_between"], expected["between"], 1e-12)
        assert close(row["theil_within"], expected["within"], 1e-12)
        assert close(sum(row["shares"].values()), 1.0, 1e-12)
        northeast = g[g["province"].isin(["辽宁", "吉林", "黑龙江"])]["value"].sum()
        assert close(row["shares"]["northeast"], northeast / values.sum(), 1e-12)


def test_flows_equal_the_library_for_every_year(observatory, api, from_files):
    client = api()
    years = client.get("/api/observatory/").json()["flow_years"]
    assert 2012 in years and 2022 in years and 2011 not in years
    for year in years:
        body = client.get("/api/observatory/flows", year=year).json()
        expected = tech_market_flows(from_files, year).set_index("uCode")
        assert len(body["rows"]) == len(expected)
        for row in body["rows"]:
            e = expected.loc[row["uCode"]]
            for col in ("exports", "imports", "net"):
                assert close(row[col], float(e[col])), (year, row["uCode"], col)
            assert row["role"] == e["role"]
            assert row["role"] == (
                "net exporter"
                if row["net"] > 0
                else "net importer"
                if row["net"] < 0
                else "balanced"
            )
        nets = [r["net"] for r in body["rows"]]
        assert nets == sorted(nets, reverse=True)
    beijing = client.get("/api/observatory/flows", year=2023).json()["rows"][0]
    # yearbook 2023: Beijing exported 85,369,394 and absorbed 50,247,266 (万元)
    assert (beijing["uCode"], beijing["exports"], beijing["imports"]) == (
        "BJ",
        85369394.0,
        50247266.0,
    )


def test_responses_match_their_documented_schemas(observatory, api):
    from innofield.dashboards import schemas

    client = api()
    for path, schema in [
        ("/api/observatory/", schemas.SummaryOut),
        ("/api/observatory/index", schemas.IndexOut),
        ("/api/observatory/ccd", schemas.CcdOut),
        ("/api/observatory/inequality", schemas.InequalityOut),
        ("/api/observatory/flows", schemas.FlowsOut),
    ]:
        response = client.get(path)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        body = response.json()
        assert schema.model_validate(body).model_dump(exclude_unset=True).keys() <= body.keys()
        assert "北京" in response.content.decode() or path.endswith(("/", "inequality"))


def test_default_year_is_the_latest(observatory, api):
    client = api()
    assert client.get("/api/observatory/index").json()["year"] == 2022
    assert client.get("/api/observatory/ccd").json()["year"] == 2022
    assert client.get("/api/observatory/flows").json()["year"] == 2023


@pytest.mark.parametrize(
    "path", ["/api/observatory/index", "/api/observatory/ccd", "/api/observatory/flows"]
)
def test_years_without_data_are_clear_errors(observatory, api, path):
    client = api()
    for year in (1990, 2011 if path.endswith("flows") else 2023, 99999):
        response = client.get(path, year=year)
        assert response.status_code == 422
        body = response.json()
        assert body["errors"][0]["field"] == "year"
        assert str(year) in body["detail"] and "years with data" in body["detail"]
    response = client.get(path, year="twenty")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "year"


def test_before_any_refresh_the_api_says_what_to_do(world, api):
    client = api()
    for path in (
        "/api/observatory/",
        "/api/observatory/index",
        "/api/observatory/inequality",
        "/api/observatory/flows",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert "has not been computed" in response.json()["detail"]
