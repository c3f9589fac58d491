"""Bad input gives a ValueError naming the code and the problem."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import CompositeIndex, Framework, aggregate


def meta(**overrides: list) -> pd.DataFrame:
    base = {
        "Level": [1, 1, 1, 2, 2, 3],
        "iCode": ["a", "b", "c", "P1", "P2", "Idx"],
        "Direction": [1, -1, 1, 1, 1, 1],
        "Weight": [1, 1, 1, 1, 1, 1],
        "Parent": ["P1", "P1", "P2", "Idx", "Idx", None],
        "Type": ["Indicator"] * 3 + ["Aggregate"] * 3,
    }
    base.update(overrides)
    return pd.DataFrame(base)


def data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "uCode": ["U1", "U2", "U3", "U4"],
            "a": [1.0, 2, 3, 4],
            "b": [4.0, 3, 1, 2],
            "c": [2.0, 5, 1, 3],
        }
    )


def test_valid_framework() -> None:
    fw = Framework.from_imeta(meta())
    assert fw.indicators == ["a", "b", "c"] and fw.children("Idx") == ["P1", "P2"]
    res = CompositeIndex().fit(data(), meta()).results_
    assert res.columns.tolist() == ["uCode", "Idx", "P1", "P2", "Idx_Rank", "P1_Rank", "P2_Rank"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"iCode": ["a", "a", "c", "P1", "P2", "Idx"]}, "a: duplicate code"),
        ({"Parent": ["P1", "P1", "Px", "Idx", "Idx", None]}, "c: Parent 'Px' is not an aggregate"),
        ({"Parent": ["P1", "P1", None, "Idx", "Idx", None]}, "c: has no Parent"),
        ({"Parent": ["P1", "P1", "P2", "Idx", "P2", None]}, "P2: is its own parent"),
        ({"Parent": ["P1", "P1", "P2", "P2", "P1", None], "Level": [1, 1, 1, 2, 2, 3]}, "cycle"),
        ({"Weight": [0, 0, 1, 1, 1, 1]}, "P1: weights of its children sum to zero"),
        ({"Weight": [1, "x", 1, 1, 1, 1]}, "b: Weight must be a non-negative number"),
        ({"Direction": [1, 2, 1, 1, 1, 1]}, "b: Direction must be 1 or -1"),
        (
            {"Type": ["Indicator", "Indicatr", "Indicator", "Aggregate", "Aggregate", "Aggregate"]},
            "b: Type must be one of",
        ),
    ],
)
def test_bad_meta(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Framework.from_imeta(meta(**kwargs))


def test_missing_meta_column() -> None:
    with pytest.raises(ValueError, match="missing column.*Weight"):
        Framework.from_imeta(meta().drop(columns="Weight"))


def test_aggregate_without_children() -> None:
    m = pd.concat(
        [
            meta(),
            pd.DataFrame(
                {
                    "Level": [2],
                    "iCode": ["P3"],
                    "Direction": [1],
                    "Weight": [1],
                    "Parent": ["Idx"],
                    "Type": ["Aggregate"],
                }
            ),
        ]
    )
    with pytest.raises(ValueError, match="P3: aggregate has no children"):
        Framework.from_imeta(m)


def test_bad_data() -> None:
    with pytest.raises(ValueError, match="c: indicator in iMeta but no column"):
        CompositeIndex().fit(data().drop(columns="c"), meta())
    bad = data().astype({"b": object})
    bad.loc[1, "b"] = "n/a?"
    with pytest.raises(ValueError, match="b: non-numeric value 'n/a\\?'"):
        CompositeIndex().fit(bad, meta())
    dup = data()
    dup.loc[3, "uCode"] = "U1"
    with pytest.raises(ValueError, match="U1: duplicate unit code"):
        CompositeIndex().fit(dup, meta())
    with pytest.raises(ValueError, match="uCode"):
        CompositeIndex().fit(data().drop(columns="uCode"), meta())


def test_bad_spec_and_weights() -> None:
    with pytest.raises(ValueError, match="step 1 must have 'step'"):
        CompositeIndex({"steps": [{"step": "bake"}]}).fit(data(), meta())
    with pytest.raises(ValueError, match="treat: unknown parameter"):
        CompositeIndex({"steps": [{"step": "treat", "winmx": 3}]}).fit(data(), meta())
    fw = Framework.from_imeta(meta())
    with pytest.raises(ValueError, match="P1: weights of its children sum to zero"):
        aggregate(data().set_index("uCode"), fw, weights={"a": 0, "b": 0})
    with pytest.raises(ValueError, match="zz: weight given for a code not in the framework"):
        aggregate(data().set_index("uCode"), fw, weights={"zz": 1})
    flat = data().assign(a=1.0)
    with pytest.raises(ValueError, match="a: the range of the indicator is zero"):
        CompositeIndex().fit(flat, meta())
    with pytest.raises(ValueError, match="P1: geometric mean needs values > 0"):
        CompositeIndex(
            {"steps": [{"step": "normalise"}, {"step": "aggregate", "method": "geometric"}]}
        ).fit(data(), meta())
    ok = CompositeIndex(
        {
            "steps": [
                {"step": "normalise", "l_u": [1, 100]},
                {"step": "aggregate", "method": "geometric"},
            ]
        }
    ).fit(data(), meta())
    assert np.isfinite(ok.results_["Idx"]).all()
