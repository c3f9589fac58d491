"""COINr parity beyond the default build: every normalisation and aggregation on small inputs
with ties and missing values, against numbers derived by hand from COINr 1.1.14's R source
(R/normalise.R ``n_*``, R/aggregate.R ``a_*`` and ``outrankMatrix``), and the ASEM reference
run where it holds COINr outputs.

No R is available here, so every expected value below is worked out from COINr's definition
and written as arithmetic in the test, not taken from this library.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F
from math import sqrt

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import CompositeIndex, aggregate_matrix, copeland, normalise
from innofield.observatory.aggregate import outrank_matrix

from .asem_data import ASEM, SPEC, asem_inputs, needs_asem, require

NAN = np.nan
# units a..f; b is missing. Sorted available values: c=1, e=2, a=4, d=4, f=9 (a and d tie).
X = pd.DataFrame({"v": [4.0, NAN, 1.0, 4.0, 2.0, 9.0]}, index=list("abcdef"))
UP = {"v": 1}
DOWN = {"v": -1}


def _norm(method: str, directions: dict[str, int] = UP, **p: object) -> list[float]:
    return normalise(X, directions, method, **p)["v"].tolist()


def _same(got: list[float], want: list[float]) -> bool:
    return bool(np.allclose(got, want, rtol=0, atol=1e-12, equal_nan=True))


def test_minmax_zscore_scaled_with_missing() -> None:
    # n_minmax: (x - min)/(max - min)*(u - l) + l, min = 1, max = 9, NA stays NA
    assert _same(_norm("minmax"), [300 / 8, NAN, 0, 300 / 8, 100 / 8, 100])
    assert _same(_norm("minmax", l_u=[1, 5]), [1 + 4 * 3 / 8, NAN, 1, 1 + 4 * 3 / 8, 1.5, 5])
    # n_zscore: mean 20/5 = 4; squared deviations 0+9+0+4+25 = 38; sd = sqrt(38/4)
    sd = sqrt(38 / 4)
    assert _same(_norm("zscore"), [0, NAN, -3 / sd, 0, -2 / sd, 5 / sd])
    assert _same(
        _norm("zscore", m_sd=[10, 2]), [10, NAN, 10 - 6 / sd, 10, 10 - 4 / sd, 10 + 10 / sd]
    )
    # n_scaled: (x - l)/(u - l)*scale_factor with npara (0, 10), scale 100
    assert _same(_norm("scaled", npara=[0, 10]), [40, NAN, 10, 40, 20, 90])


def test_distance_and_fraction_methods_with_missing() -> None:
    # n_dist2max: 1 - (max - x)/(max - min)
    assert _same(_norm("dist2max"), [3 / 8, NAN, 0, 3 / 8, 1 / 8, 1])
    # n_dist2ref with the reference unit e (x = 2): 1 - (2 - x)/(2 - 1); cap_max caps at 1
    assert _same(_norm("dist2ref", ref="e"), [3, NAN, 0, 3, 1, 8])
    assert _same(_norm("dist2ref", ref="e", cap_max=True), [1, NAN, 0, 1, 1, 1])
    # n_dist2targ, direction 1: (x - min)/(targ - min) with targ 5
    assert _same(_norm("dist2targ", targ=5), [3 / 4, NAN, 0, 3 / 4, 1 / 4, 2])
    assert _same(_norm("dist2targ", targ=5, cap_max=True), [3 / 4, NAN, 0, 3 / 4, 1 / 4, 1])
    # n_fracmax: x / max
    assert _same(_norm("fracmax"), [4 / 9, NAN, 1 / 9, 4 / 9, 2 / 9, 1])
    # n_goalposts (2, 6, 10): (x - 2)/4, truncated to [0, 1], times 10
    assert _same(_norm("goalposts", gposts=[2, 6, 10]), [5, NAN, 0, 5, 0, 10])
    assert _same(
        _norm("goalposts", gposts=[2, 6, 10], trunc2posts=False), [5, NAN, -2.5, 5, 0, 17.5]
    )


def test_rank_methods_ties_and_missing() -> None:
    # rank(x, ties.method = "min", na.last = "keep"): c 1, e 2, a and d 3, f 5
    assert _same(_norm("rank"), [3, NAN, 1, 3, 2, 5])
    assert _same(_norm("borda"), [2, NAN, 0, 2, 1, 4])
    # n_prank: (rank - 1)/(number available - 1) = (rank - 1)/4
    assert _same(_norm("prank"), [2 / 4, NAN, 0, 2 / 4, 1 / 4, 1])
    # other R ties.methods: the tied pair holds ranks 3 and 4
    assert _same(_norm("rank", ties_method="max"), [4, NAN, 1, 4, 2, 5])
    assert _same(_norm("rank", ties_method="average"), [3.5, NAN, 1, 3.5, 2, 5])
    assert _same(_norm("rank", ties_method="first"), [3, NAN, 1, 4, 2, 5])
    assert _same(_norm("rank", ties_method="last"), [4, NAN, 1, 3, 2, 5])
    # COINr 1.1.14's n_prank takes ties.method but ranks with "min" whatever it is given
    # (R/normalise.R: rank(x, ties.method = "min", na.last = "keep")); so do we
    assert _same(_norm("prank", ties_method="average"), [2 / 4, NAN, 0, 2 / 4, 1 / 4, 1])
    with pytest.raises(ValueError, match="ties_method"):
        _norm("rank", ties_method="random")


def test_direction_is_applied_before_the_method() -> None:
    # direction -1: values -4, NA, -1, -4, -2, -9; sorted f=-9, a=d=-4, e=-2, c=-1
    assert _same(_norm("prank", DOWN), [1 / 4, NAN, 1, 1 / 4, 3 / 4, 0])
    assert _same(_norm("minmax", DOWN), [500 / 8, NAN, 100, 500 / 8, 700 / 8, 0])
    # COINr's iMeta Target is multiplied by the direction: targ -3, min -9 → (9 - x)/6
    out = normalise(X, DOWN, "dist2targ", targets={"v": 3})["v"].tolist()
    assert _same(out, [5 / 6, NAN, 8 / 6, 5 / 6, 7 / 6, 0])


def test_one_available_value() -> None:
    one = pd.DataFrame({"v": [NAN, 3.0, NAN]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # R: sd() of one value is NA; (rank - 1)/(1 - 1) is 0/0 = NaN
        assert np.isnan(normalise(one, UP, "zscore")["v"]).all()
        assert np.isnan(normalise(one, UP, "prank")["v"]).all()
        assert normalise(one, UP, "rank")["v"].tolist()[1] == 1


# ---- aggregation -----------------------------------------------------------------------------
# rows: u1 = (2, NA, 8), u2 all missing, u3 = (1, 4, 16); weights (1, 1, 2)
A = np.array([[2.0, NAN, 8.0], [NAN, NAN, NAN], [1.0, 4.0, 16.0]])
W = np.array([1.0, 1.0, 2.0])


def test_means_with_missing_values() -> None:
    # a_amean drops the missing child and rescales the remaining weights
    assert _same(aggregate_matrix(A, W).tolist(), [(2 + 2 * 8) / 3, NAN, (1 + 4 + 2 * 16) / 4])
    # a_gmean: exp(sum(w log x)/sum(w)) over available children
    geo = aggregate_matrix(A, W, "geometric").tolist()
    assert _same(geo, [(2 * 8 * 8) ** (1 / 3), NAN, (1 * 4 * 16 * 16) ** (1 / 4)])
    # a_hmean: sum(w)/sum(w/x)
    assert _same(
        aggregate_matrix(A, W, "harmonic").tolist(),
        [3 / (1 / 2 + 2 / 8), NAN, 4 / (1 + 1 / 4 + 2 / 16)],
    )
    # a_genmean: NA as soon as one child is missing; p = 2 for u3: sqrt((1+16+2*256)/4) = 11.5
    assert _same(aggregate_matrix(A, W, "generalised", p=2).tolist(), [NAN, NAN, 11.5])


def test_dat_thresh_is_checked_before_the_mean() -> None:
    # u1 has 2 of 3 children: below 0.7 it is missing
    assert _same(aggregate_matrix(A, W, dat_thresh=0.7).tolist(), [NAN, NAN, 37 / 4])
    # COINr tests the threshold first, so a zero in a unit below it does not stop a_gmean
    z = np.array([[0.0, NAN, NAN], [1.0, 4.0, 16.0]])
    assert _same(aggregate_matrix(z, W, "geometric", dat_thresh=0.5).tolist(), [NAN, 1024**0.25])
    with pytest.raises(ValueError, match="geometric"):
        aggregate_matrix(z, W, "geometric")
    with pytest.raises(ValueError, match="harmonic"):
        aggregate_matrix(z, W, "harmonic")


def test_outranking_missing_values_favour_the_later_unit() -> None:
    # outrankMatrix with w = (1,1,2)/4: the indicator missing for one unit counts in neither
    # sum for the upper triangle; the lower triangle is 1 - upper.
    a, b = [1.0, NAN, 3.0], [2.0, 5.0, 3.0]
    # a listed first: o_ab = 0 (no win) + 0.5/2 (tie on x3) = 0.25, o_ba = 0.75
    orm = outrank_matrix(np.array([a, b]), W)
    assert orm[0, 1] == 0.25 and orm[1, 0] == 0.75
    assert copeland(np.array([a, b]), W).tolist() == [-1, 1]
    # b listed first: o_ba = 0.25 (x1) + 0.5/2 = 0.5 exactly, so both score 0
    assert copeland(np.array([b, a]), W).tolist() == [0, 0]
    # a unit with no data loses every comparison when listed first, wins when listed last
    empty = [NAN, NAN, NAN]
    assert copeland(np.array([empty, b]), W).tolist() == [-1, 1]
    assert copeland(np.array([b, empty]), W).tolist() == [-1, 1]


#: significant bits of this platform's C long double (64 for x87 on x86-64), R's LDOUBLE
LD_BITS = int(np.finfo(np.longdouble).nmant) + 1


def _round_bits(v: F, bits: int) -> F:
    """Round to the nearest number with ``bits`` significant bits, ties to even (IEEE)."""
    if v == 0:
        return v
    a = abs(v)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if a < F(2) ** e:
        e -= 1
    unit = F(2) ** (e - bits + 1)
    return (1 if v > 0 else -1) * round(a / unit) * unit


def _r_sum_exact(values: list[F], bits: int = LD_BITS) -> F:
    """R's rsum: s += x in long double (``bits`` significant bits), then (double) s."""
    s = F(0)
    for v in values:
        s = _round_bits(s + v, bits)
    return _round_bits(s, 53)


def _r_pair(wins: int, ties: int, n: int = 49, bits: int = LD_BITS) -> tuple[F, F]:
    """COINr's o_jk and o_kj for ``n`` equal weights, in exact rationals with R's roundings:
    w = 1/n rounded to double (float division rounds to nearest); each rsum() in long double;
    sum(a, b/2) and 1 - upper in double."""
    w = F(1 / n)
    a = _r_sum_exact([w] * wins, bits)
    b = _r_sum_exact([w] * ties, bits) / 2
    upper = _round_bits(a + b, 53)
    return upper, _round_bits(1 - upper, 53)


def _cop_pair(upper: F, lower: F) -> list[int]:
    def sgn(v: F) -> int:
        return (v > F(1, 2)) - (v < F(1, 2))

    return [sgn(upper), sgn(lower)]


@pytest.mark.parametrize(("wins", "ties"), [(24, 1), (23, 3), (21, 7), (20, 9), (16, 17)])
def test_copeland_exact_halves_fall_as_in_r(wins: int, ties: int) -> None:
    # two units, 49 equal weights; unit 0 wins `wins`, ties `ties`, loses the rest (an exact
    # half in real numbers, which R's rounding may or may not keep at 0.5)
    x = np.zeros((2, 49))
    x[0, :wins] = 1
    x[1, wins + ties :] = 1
    assert copeland(x, np.ones(49)).tolist() == _cop_pair(*_r_pair(wins, ties))
    double = _cop_pair(*_r_pair(wins, ties, bits=53))
    assert copeland(x, np.ones(49), long_double=False).tolist() == double


def test_copeland_exact_half_cases_worked_out() -> None:
    # R on x86-64 (x87 long double, 64 bits): k copies of w = fl(1/49) add exactly (k*w needs
    # at most 59 bits), so each sum is k*w rounded once. 24 wins + 1 tie stays at 0.5 both ways;
    # 23 + 3 gives o_01 just below 0.5 (unit 0 scores -1) while o_10 = 1 - o_01 rounds to 0.5.
    assert _cop_pair(*_r_pair(24, 1, bits=64)) == [0, 0]
    assert _cop_pair(*_r_pair(23, 3, bits=64)) == [-1, 0]
    assert _cop_pair(*_r_pair(21, 7, bits=64)) == [0, 0]
    # R where long double is double (macOS on Apple silicon): the running sum rounds each time
    # and lands above 0.5 in these three cases
    assert _cop_pair(*_r_pair(24, 1, bits=53)) == [1, -1]
    assert _cop_pair(*_r_pair(23, 3, bits=53)) == [1, -1]
    assert _cop_pair(*_r_pair(16, 17, bits=53)) == [0, 0]


def test_copeland_ignores_dat_thresh_like_coinr_by_df() -> None:
    x = np.array([[1.0, NAN, NAN], [2.0, 1.0, 0.0], [0.0, 3.0, 1.0]])
    assert aggregate_matrix(x, W, "copeland", dat_thresh=0.9).tolist() == copeland(x, W).tolist()


# ---- the ASEM reference run --------------------------------------------------------------------


def _definition_prank(x: np.ndarray) -> np.ndarray:
    """n_prank by definition: min rank = 1 + number of available values strictly below."""
    ok = ~np.isnan(x)
    vals = x[ok]
    rank = np.array([1 + np.sum(vals < v) if not np.isnan(v) else np.nan for v in x])
    return (rank - 1) / (ok.sum() - 1)


@needs_asem
def test_asem_prank_build_equals_prank_of_coinr_treated_set() -> None:
    idata, imeta = asem_inputs()
    built = CompositeIndex(str(SPEC)).with_step("normalise", replace=True, method="prank")
    built = built.fit(idata, imeta)
    treated = pd.read_csv(require(ASEM / "coin_dsets" / "Treated.csv", "COINr Treated set"))
    treated = treated.set_index("uCode")
    fw = built.framework_
    ours = built.datasets_["Normalised"]
    for code in fw.indicators:
        ref = _definition_prank(treated.loc[ours.index, code].to_numpy(float) * fw.direction[code])
        assert np.array_equal(ours[code].to_numpy(), ref, equal_nan=True), code
    # and the index: equal-weight means up the tree from those percentile ranks
    from innofield.observatory import aggregate

    ref_index = aggregate(
        pd.DataFrame(
            {
                c: _definition_prank(treated.loc[ours.index, c].to_numpy(float) * fw.direction[c])
                for c in fw.indicators
            },
            index=ours.index,
        ),
        fw,
    )["Index"]
    got = built.datasets_["Aggregated"]["Index"]
    assert np.max(np.abs(got.to_numpy() - ref_index.to_numpy())) < 1e-12


@needs_asem
def test_asem_copeland_over_49_indicators_matches_r_arithmetic() -> None:
    # COINr's own Normalised set, 49 indicators, equal weights: every pair's o_jk from the
    # counts of wins and ties with R's roundings (see _r_pair), then a_copeland's signs.
    norm = pd.read_csv(require(ASEM / "coin_dsets" / "Normalised.csv", "COINr Normalised set"))
    x = norm.set_index("uCode").to_numpy(float)
    n, m = x.shape
    want = np.zeros(n)
    for j in range(n):
        for k in range(j + 1, n):
            wins = int(np.sum(x[j] > x[k]))
            ties = int(np.sum(x[j] == x[k]))
            s_jk, s_kj = _cop_pair(*_r_pair(wins, ties, m))
            want[j] += s_jk
            want[k] += s_kj
    assert copeland(x, np.ones(m)).tolist() == want.tolist()
    # our own pipeline's Normalised set gives the same scores (same ties as COINr's)
    idata, imeta = asem_inputs()
    ours = CompositeIndex(str(SPEC)).fit(idata, imeta).datasets_["Normalised"]
    ours = ours.loc[norm["uCode"], norm.columns[1:]].to_numpy(float)
    assert copeland(ours, np.ones(m)).tolist() == want.tolist()


def test_missing_reference_data_fails_loudly(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(pytest.fail.Exception, match="not found at"):
        require(Path(str(tmp_path)) / "nowhere.csv", "a reference table")


def test_individual_specs_replace_the_global_ones() -> None:
    # COINr indiv_specs: the column's own list replaces global_specs whole, so v2 gets the
    # default m_sd = (0, 1), not the global (10, 2); a spec without a method is min-max
    frame = pd.DataFrame({"v1": [1.0, 2, 3], "v2": [1.0, 2, 3], "v3": [1.0, 2, 3]})
    out = normalise(
        frame,
        {"v1": 1, "v2": 1, "v3": 1},
        "zscore",
        per_indicator={"v2": {"method": "zscore"}, "v3": {"l_u": [0, 1]}},
        m_sd=[10, 2],
    )
    # mean 2, sd 1: z = -1, 0, 1
    assert out["v1"].tolist() == [8, 10, 12]
    assert out["v2"].tolist() == [-1, 0, 1]
    assert out["v3"].tolist() == [0, 0.5, 1]


def test_outranking_with_uneven_weights_equals_exact_model_of_r() -> None:
    # random weights (not sums of one value, so the long-double sums do round) and small integer
    # data with many ties and some missing values; every o_jk must equal, bit for bit, the exact
    # rational model of COINr's arithmetic: w/sum(w), two rsum()s, sum(a, b/2), 1 - upper
    rng = np.random.default_rng(11)
    for case in range(40):
        long_double = case % 2 == 0
        bits = LD_BITS if long_double else 53
        m = int(rng.integers(3, 12))
        w = rng.random(m) + 0.05
        x = rng.integers(0, 3, (6, m)).astype(float)
        x[rng.random(x.shape) < 0.1] = np.nan
        total = _r_sum_exact([F(v) for v in w], bits)
        wn = [F(float(F(v) / total)) for v in w]
        want = np.zeros((6, 6))
        for j in range(6):
            for k in range(j + 1, 6):
                a = _r_sum_exact([wn[i] for i in range(m) if x[j, i] > x[k, i]], bits)
                b = _r_sum_exact([wn[i] for i in range(m) if x[j, i] == x[k, i]], bits) / 2
                upper = _round_bits(a + b, 53)
                want[j, k] = float(upper)
                want[k, j] = float(_round_bits(1 - upper, 53))
        assert np.array_equal(outrank_matrix(x, w, long_double), want), case


def test_dominance_counts_like_outrank_matrix() -> None:
    from innofield.observatory.aggregate import dominance

    # units (1,3,2), (2,2,3), (3,1,1), (4,5,4): unit 3 beats every other on all three indicators
    # (3 entries of 1); no other pair is dominated. 4 units → 6 pairs → 3/6
    x = np.array([[1.0, 3, 2], [2, 2, 3], [3, 1, 1], [4, 5, 4]])
    assert dominance(outrank_matrix(x, np.ones(3))) == (3, 0.5)
    # a tie gives half its weight, so (2, 2) over (1, 2) is 1/2 + 1/4 = 0.75: not dominance
    assert dominance(outrank_matrix(np.array([[2.0, 2], [1, 2]]), np.ones(2))) == (0, 0.0)
