"""Synthetic control: the German reunification study of Abadie, Diamond & Hainmueller (2015).

Published values, ADH (2015), "Comparative Politics and the Synthetic Control Method",
American Journal of Political Science 59(2), 495-510: Table 2 gives the synthetic West
Germany's weights Austria 0.42, USA 0.22, Japan 0.16, Switzerland 0.11, Netherlands 0.09
(all other donors 0); the text reports that reunification reduced West German per-capita GDP
by about 1,600 USD a year on average over 1990-2003, and that West Germany's post/pre RMSPE
ratio is the largest among the 17 countries (placebo p-value 1/17). V is chosen by their
cross-validation: trained on 1971-80 predictors to fit 1981-90 GDP, then applied to the
1981-90 predictors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from innofield.evaluation import PanelError, SyntheticControl, simplex_weights

DATA = Path(__file__).parent / "data" / "germany.csv"
PUBLISHED = {"Austria": 0.42, "USA": 0.22, "Japan": 0.16, "Switzerland": 0.11, "Netherlands": 0.09}


def _predictors(first: int, schooling: list[int], invest: str) -> list:
    years = range(first, first + 10)
    return [
        ("gdp", years),
        ("trade", years),
        ("infrate", years),
        ("industry", years),
        ("schooling", schooling),
        (invest, [1980]),
    ]


@pytest.fixture(scope="module")
def germany() -> SyntheticControl:
    data = pd.read_csv(DATA)
    train = SyntheticControl(
        "country",
        "year",
        "gdp",
        "West Germany",
        1991,
        predictors=_predictors(1971, [1970, 1975], "invest70"),
        fit_periods=range(1981, 1991),
    ).fit(data)
    return SyntheticControl(
        "country",
        "year",
        "gdp",
        "West Germany",
        1990,
        predictors=_predictors(1981, [1980, 1985], "invest80"),
        v=train.v_.to_numpy(),
    ).fit(data)


def test_weights_match_adh_2015(germany: SyntheticControl) -> None:
    w = germany.weights_
    assert w.sum() == pytest.approx(1.0, abs=1e-9) and (w >= 0).all()
    for country, published in PUBLISHED.items():
        assert w[country] == pytest.approx(published, abs=0.015), country
    others = w.drop(list(PUBLISHED))
    assert others.max() < 0.005


def test_post_period_gap_matches_adh_2015(germany: SyntheticControl) -> None:
    gap = germany.gaps_.loc[1990:2003, "gap"]
    assert -1700 < gap.mean() < -1450  # "about 1,600 USD per year on average"
    assert germany.att_ == pytest.approx(gap.mean())
    assert germany.rmspe_pre_ < 0.1 * germany.rmspe_post_  # good pre-fit, large post gap


def test_placebo_in_space(germany: SyntheticControl) -> None:
    table = germany.placebos()
    assert len(table) == 17
    assert table.loc[table["ratio"].idxmax(), "unit"] == "West Germany"
    assert germany.p_value_ == pytest.approx(1 / 17)


def test_simplex_weights_recover_a_convex_combination() -> None:
    rng = np.random.default_rng(3)
    x0 = rng.normal(size=(8, 6))
    truth = np.array([0.5, 0.3, 0.2, 0, 0, 0])
    w = simplex_weights(x0 @ truth, x0, np.ones(8) / 8)
    np.testing.assert_allclose(w, truth, atol=1e-6)


def test_bad_synth_input_names_the_column() -> None:
    data = pd.read_csv(DATA)
    with pytest.raises(PanelError) as e:
        SyntheticControl("country", "year", "gdp", "Atlantis", 1990).fit(data)
    assert e.value.column == "country"
    with pytest.raises(PanelError) as e:
        SyntheticControl(
            "country", "year", "gdp", "West Germany", 1990, predictors=[("nope", None)]
        ).fit(data)
    assert e.value.column == "nope"
    with pytest.raises(PanelError) as e:
        SyntheticControl("country", "year", "gdp", "West Germany", 1960).fit(data)
    assert e.value.column == "year"
