"""The ASEM example build reproduces COINr 1.1.14's reference run (every data set, ≤ 1e-9)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import CompositeIndex, effective_weights

from .asem_data import ASEM, SPEC, asem_inputs, needs_asem

pytestmark = needs_asem
DATASETS = ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]


@pytest.fixture(scope="module")
def asem_index() -> CompositeIndex:
    idata, imeta = asem_inputs()
    return CompositeIndex(SPEC).fit(idata, imeta)


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_matches_coinr(asem_index: CompositeIndex, name: str) -> None:
    ref = pd.read_csv(ASEM / "coin_dsets" / f"{name}.csv").set_index("uCode")
    mine = asem_index.datasets_[name]
    assert sorted(mine.index) == sorted(ref.index)
    assert set(ref.columns) <= set(mine.columns)
    mine = mine.loc[ref.index, ref.columns]
    assert (mine.isna().to_numpy() == ref.isna().to_numpy()).all()
    diff = np.nanmax(np.abs(mine.to_numpy(float) - ref.to_numpy(float)))
    assert diff <= 1e-9


def test_results_and_ranks_match_coinr(asem_index: CompositeIndex) -> None:
    ref = pd.read_csv(ASEM / "reference_results.csv").set_index("uCode")
    mine = asem_index.results_.set_index("uCode").loc[ref.index]
    scores = [c for c in ref.columns if c != "uName" and not c.endswith("_Rank")]
    ranks = [c for c in ref.columns if c.endswith("_Rank")]
    assert np.max(np.abs(mine[scores].to_numpy() - ref[scores].to_numpy())) <= 1e-9
    assert (mine[ranks].to_numpy() == ref[ranks].to_numpy()).all()
    assert asem_index.results_["uCode"].iloc[0] == "CHE"


def test_treatment_details_match_coinr(asem_index: CompositeIndex) -> None:
    ref = pd.read_csv(ASEM / "coin_dsets" / "Treated_Dets_Table.csv").set_index("iCode")
    mine = asem_index.details_["Treated"]["Dets_Table"].set_index("iCode").loc[ref.index]
    assert (mine["check_SkewKurt0.Pass"].astype(bool) == ref["check_SkewKurt0.Pass"]).all()
    failed = ~ref["check_SkewKurt0.Pass"]
    assert failed.sum() == 15
    assert (mine.loc[failed, "winsorise.nwin"] == ref.loc[failed, "winsorise.nwin"]).all()
    for col in ["check_SkewKurt0.Skew", "check_SkewKurt0.Kurt", "check_SkewKurt1.Skew"]:
        assert np.nanmax(np.abs(mine[col].astype(float) - ref[col])) <= 1e-9


def test_screening_summary_matches_coinr(asem_index: CompositeIndex) -> None:
    ref = pd.read_csv(ASEM / "coin_dsets" / "Screened_DataSummary.csv").set_index("uCode")
    mine = asem_index.details_["Screened"]["DataSummary"].loc[ref.index]
    for col in ["N_missing", "N_zero", "Dat_Avail", "Non_Zero"]:
        assert np.allclose(mine[col].to_numpy(float), ref[col].to_numpy(float), atol=1e-12)
    assert (mine["Included"] == ref["Included"]).all()


def test_effective_weights_match_coinr(asem_index: CompositeIndex) -> None:
    ref = pd.read_csv(ASEM / "coin_dsets" / "effective_weights.csv").set_index("iCode")
    mine = effective_weights(asem_index.framework_).set_index("iCode").loc[ref.index]
    assert np.max(np.abs(mine["EffWeight"] - ref["EffWeight"])) <= 1e-12


def test_with_step_swaps_one_method(asem_index: CompositeIndex) -> None:
    idata, imeta = asem_inputs()
    alt = asem_index.with_step("normalise", method="zscore", m_sd=[10, 2], replace=True)
    alt.fit(idata, imeta)
    assert alt.params_[4] == {
        "step": "normalise",
        "dset": "Treated",
        "write_to": "Normalised",
        "method": "zscore",
        "m_sd": [10, 2],
    }
    pd.testing.assert_frame_equal(alt.datasets_["Treated"], asem_index.datasets_["Treated"])
    norm = alt.datasets_["Normalised"]
    assert np.allclose(norm.mean(), 10) and np.allclose(norm.std(), 2)
