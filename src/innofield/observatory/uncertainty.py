"""Monte Carlo uncertainty and variance-based sensitivity analysis of a composite index.

Uncertain inputs are *factors*, each a discrete set of alternatives for one build step:

- ``{"name": "winmax", "step": "treat", "param": "winmax", "values": [1, 2, 3, 4, 5]}``
- ``{"name": "norm", "step": "normalise", "options": [{"method": "minmax", "l_u": [1, 100]},
  {"method": "zscore", "m_sd": [10, 2]}]}`` (an option replaces the step's parameters)
- ``{"name": "weights", "noise": {2: 0.25, 3: 0.25}, "n_sets": 100}``: noisy weight sets, ±25 %
  uniform noise at levels 2 and 3 (COINr ``get_noisy_weights``)
- ``{"name": "agg", "step": "aggregate", "param": "method", "values": ["arithmetic", "geometric"]}``

Like COINr's ``get_sensitivity``, a uniform draw in [0, 1] picks an alternative in equal-width
bins; ``UA`` runs N random replications, ``SA`` runs Saltelli's N(d + 2) design and estimates
first-order (Saltelli 2010) and total (Jansen) indices of the mean absolute rank shift.
The build up to aggregation runs once per distinct combination of upstream choices; aggregation
is vectorised across runs and units (no Python loop over units).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .aggregate import aggregate_matrix, canonical_method
from .coinr_stats import rank_rows_desc
from .pipeline import CompositeIndex
from .weights import noisy_weights


def aggregate_runs(
    x: np.ndarray,
    w: np.ndarray,
    method: str,
    p: float = 1.0,
    code: str = "",
    dat_thresh: float | None = None,
) -> np.ndarray:
    """Aggregate per run: ``x`` (units × k or runs × units × k), ``w`` (runs × k) → runs × units.

    Same rules as :func:`aggregate_matrix` (``dat_thresh`` first, then the value checks).
    """
    if x.ndim == 2:
        return aggregate_matrix(x, w, method, p, dat_thresh, code=code)
    method = canonical_method(method)
    if method == "copeland":
        return np.stack([aggregate_matrix(x[r], w[r], method) for r in range(x.shape[0])])
    avail = ~np.isnan(x)
    keep = avail.any(axis=2)
    if dat_thresh is not None:
        keep &= ~(avail.mean(axis=2) < dat_thresh)
    wsum = np.einsum("rnk,rk->rn", avail.astype(float), w)
    values = x[avail & keep[..., None]]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if method == "arithmetic":
            out = np.einsum("rnk,rk->rn", np.where(avail, x, 0.0), w) / wsum
        elif method == "geometric":
            if np.any(values <= 0):
                raise ValueError(f"{code}: geometric mean needs values > 0")
            pos = avail & (x > 0)
            out = np.exp(np.einsum("rnk,rk->rn", np.log(np.where(pos, x, 1.0)), w) / wsum)
        elif method == "harmonic":
            if np.any(values == 0):
                raise ValueError(f"{code}: harmonic mean needs non-zero values")
            nz = avail & (x != 0)
            out = wsum / np.einsum("rnk,rk->rn", 1.0 / np.where(nz, x, np.inf), w)
        else:
            if p == 0:
                raise ValueError(f"{code}: generalised mean needs p != 0 (p = 0 is geometric)")
            if p < 0 and np.any(values <= 0):
                raise ValueError(f"{code}: generalised mean with p < 0 needs values > 0")
            out = (
                np.einsum("rnk,rk->rn", np.where(avail, x, 0.0) ** p, w) / w.sum(1)[:, None]
            ) ** (1 / p)
            out[~avail.all(axis=2)] = np.nan
    out[~keep] = np.nan
    return out


def saltelli_design(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """COINr ``SA_sample``: rows A (N), B (N), then A with column i from B, for each i."""
    base = rng.random((n, 2 * d))
    a, b = base[:, :d], base[:, d:]
    blocks = [a, b]
    for i in range(d):
        abi = a.copy()
        abi[:, i] = b[:, i]
        blocks.append(abi)
    return np.vstack(blocks)


def sensitivity_indices(y: np.ndarray, n: int, d: int) -> pd.DataFrame:
    """First-order S_i = mean(y_B(y_ABi − y_A))/V and total S_Ti = Σ(y_A − y_ABi)²/(2NV)."""
    if y.size != n * (d + 2):
        raise ValueError(f"sensitivity: expected {n * (d + 2)} outputs, got {y.size}")
    ya, yb = y[:n], y[n : 2 * n]
    yabi = y[2 * n :].reshape(d, n)
    var = np.var(np.concatenate([ya, yb]), ddof=1)
    si = np.mean(yb * (yabi - ya), axis=1) / var
    sti = np.sum((ya - yabi) ** 2, axis=1) / (2 * n * var)
    return pd.DataFrame({"Si": si, "STi": sti})


class UncertaintyAnalysis:
    """Monte Carlo uncertainty (``kind="UA"``) or sensitivity (``kind="SA"``) of a fitted index.

    After :meth:`fit`: ``scores_`` and ``ranks_`` (units × runs), ``rank_stats_`` (Nominal, Mean,
    Median, Q5, Q95 per unit), ``params_`` (the choice of every factor per run), ``failed_``
    (runs that could not be built, e.g. geometric mean of non-positive values) and, for SA,
    ``sensitivity_`` (Si, STi per factor).
    """

    def __init__(
        self,
        factors: Sequence[Mapping[str, Any]],
        n_runs: int = 1000,
        kind: str = "UA",
        target: str | None = None,
        seed: int | None = None,
    ) -> None:
        self.factors = factors
        self.n_runs = n_runs
        self.kind = kind
        self.target = target
        self.seed = seed

    def fit(self, index: CompositeIndex) -> UncertaintyAnalysis:
        """Run the analysis on a fitted :class:`CompositeIndex`; returns self."""
        if self.kind not in ("UA", "SA"):
            raise ValueError(f"kind must be 'UA' or 'SA', got {self.kind!r}")
        if not hasattr(index, "results_"):
            raise ValueError("index: fit the CompositeIndex before the uncertainty analysis")
        fw = index.framework_
        rng = np.random.default_rng(self.seed)
        target = self.target or fw.codes_by_level[fw.max_level][0]
        alts = [self._alternatives(f, index, rng) for f in self.factors]
        d = len(alts)
        if self.kind == "SA" and d < 2:
            raise ValueError("SA needs at least two factors")
        u = (
            rng.random((self.n_runs, d))
            if self.kind == "UA"
            else saltelli_design(self.n_runs, d, rng)
        )
        choice = np.minimum(
            (u * np.array([len(a) for a in alts])).astype(int), np.array([len(a) for a in alts]) - 1
        )
        nominal = index.results_.set_index("uCode")[target]
        # runs aggregate units in the data's order (Copeland with missing values depends on it,
        # as in COINr), then follow the results' order
        data_units = index.datasets_[index.params_[-1]["write_to"]].index
        scores = self._run(index, alts, choice, target, data_units)
        scores = scores[:, data_units.get_indexer(nominal.index)]
        self.scores_ = pd.DataFrame(
            scores.T, index=nominal.index, columns=[f"r_{i + 1}" for i in range(scores.shape[0])]
        )
        ranks = rank_rows_desc(scores)
        self.ranks_ = pd.DataFrame(ranks.T, index=nominal.index, columns=self.scores_.columns)
        self.failed_ = int(np.isnan(scores).all(axis=1).sum())
        nom_rank = nominal.rank(ascending=False, method="min")
        use = ranks if self.kind == "UA" else ranks[: 2 * self.n_runs]
        with np.errstate(invalid="ignore"):
            self.rank_stats_ = pd.DataFrame(
                {
                    "Nominal": nom_rank,
                    "Mean": np.nanmean(use, axis=0),
                    "Median": np.nanmedian(use, axis=0),
                    "Q5": np.nanquantile(use, 0.05, axis=0),
                    "Q95": np.nanquantile(use, 0.95, axis=0),
                },
                index=nominal.index,
            )
        names = [str(f.get("name", f"V{i + 1}")) for i, f in enumerate(self.factors)]
        self.params_ = pd.DataFrame(choice, columns=names)
        if self.kind == "SA":
            shift = np.nanmean(np.abs(ranks - nom_rank.to_numpy()), axis=1)
            sens = sensitivity_indices(shift, self.n_runs, d)
            sens.insert(0, "Variable", names)
            self.sensitivity_ = sens
        return self

    @staticmethod
    def _alternatives(
        f: Mapping[str, Any], index: CompositeIndex, rng: np.random.Generator
    ) -> list[dict[str, Any]]:
        if "noise" in f:
            noise = {int(k): float(v) for k, v in f["noise"].items()}
            sets = noisy_weights(
                index.weights_, index.framework_, noise, int(f.get("n_sets", 100)), rng
            )
            return [{"__weights__": s} for s in sets]
        step = f.get("step")
        if step not in {st["step"] for st in index.params_}:
            raise ValueError(
                f"{f.get('name', step)}: factor refers to step {step!r} not in the spec"
            )
        if "options" in f:
            return [{"__step__": step, "__replace__": True, **o} for o in f["options"]]
        if "param" in f and "values" in f:
            return [{"__step__": step, f["param"]: v} for v in f["values"]]
        raise ValueError(f"{f.get('name')}: a factor needs 'noise', 'options' or 'param'+'values'")

    def _run(
        self,
        index: CompositeIndex,
        alts: list[list[dict[str, Any]]],
        choice: np.ndarray,
        target: str,
        units: pd.Index,
    ) -> np.ndarray:
        steps = index.params_
        if steps[-1]["step"] != "aggregate":
            raise ValueError("uncertainty analysis needs a spec that ends with 'aggregate'")
        fw = index.framework_
        n_runs = choice.shape[0]
        out = np.full((n_runs, len(units)), np.nan)
        is_weight = np.array(["__weights__" in a[0] for a in alts])
        keys: dict[tuple, list[int]] = {}
        for r in range(n_runs):
            keys.setdefault(tuple(np.where(is_weight, -1, choice[r])), []).append(r)
        prefix_cache: dict[tuple, pd.DataFrame | None] = {}
        worker = copy.copy(index)
        worker.details_ = {}
        for key, runs in keys.items():
            per_step: dict[str, dict[str, Any]] = {st["step"]: dict(st) for st in steps}
            for fi, ai in enumerate(key):
                if is_weight[fi]:
                    continue
                alt = alts[fi][ai]
                st = per_step[alt["__step__"]]
                if alt.get("__replace__"):
                    st = {k: st[k] for k in ("step", "dset", "write_to")}
                st.update({k: v for k, v in alt.items() if not k.startswith("__")})
                per_step[alt["__step__"]] = st
            base = self._upstream(index, worker, per_step, prefix_cache, units)
            if base is None:
                continue
            agg = {
                k: v
                for k, v in per_step["aggregate"].items()
                if k not in ("step", "dset", "write_to", "weights")
            }
            w_runs = []
            for r in runs:
                w = dict(index.weights_)
                for wf in np.flatnonzero(is_weight).tolist():
                    w.update(alts[wf][int(choice[r, wf])]["__weights__"])
                w_runs.append(w)
            try:
                out[runs] = self._aggregate(base, fw, agg, w_runs, target)
            except ValueError:
                continue
        return out

    @staticmethod
    def _upstream(
        index: CompositeIndex,
        worker: CompositeIndex,
        per_step: dict[str, dict[str, Any]],
        cache: dict[tuple, pd.DataFrame | None],
        units: pd.Index,
    ) -> pd.DataFrame | None:
        """The data set entering aggregation, reusing every identical step prefix."""
        data: pd.DataFrame | None = index.datasets_["Raw"]
        key: tuple = ()
        for nominal in index.params_[:-1]:
            st = per_step[nominal["step"]]
            key = (*key, repr(sorted(st.items())))
            if key in cache:
                data = cache[key]
            elif st == nominal:
                data = index.datasets_[nominal["write_to"]]
            elif data is not None:
                p = {k: v for k, v in st.items() if k not in ("step", "dset", "write_to")}
                try:
                    data = worker.run_step(st["step"], data, p)
                except ValueError:
                    data = None
            cache[key] = data
            if data is None:
                return None
        return data.reindex(units) if data is not None else None

    @staticmethod
    def _aggregate(
        base: pd.DataFrame,
        fw: Any,
        agg: dict[str, Any],
        w_runs: list[dict[str, float]],
        target: str,
    ) -> np.ndarray:
        nlev = fw.max_level - 1
        method = agg.get("method", "arithmetic")
        methods = list(method) if isinstance(method, list) else [method] * nlev
        p = agg.get("p", 1.0)
        ps = list(p) if isinstance(p, list) else [p] * nlev
        thresh = agg.get("dat_thresh")
        threshs = list(thresh) if isinstance(thresh, list) else [thresh] * nlev
        values: dict[str, np.ndarray] = {c: base[c].to_numpy(float) for c in fw.indicators}
        for i, lev in enumerate(range(2, fw.max_level + 1)):
            for a in fw.codes_by_level[lev]:
                kids = fw.children(a)
                w = np.array([[wr[k] for k in kids] for wr in w_runs])
                parts = [values[k] for k in kids]
                if all(v.ndim == 1 for v in parts):
                    x = np.stack(parts, axis=1)
                else:
                    x = np.stack(
                        [np.broadcast_to(v, (w.shape[0], v.shape[-1])) for v in parts], axis=2
                    )
                values[a] = aggregate_runs(
                    x, w, methods[i], float(ps[i]), code=a, dat_thresh=threshs[i]
                )
        res = values[target]
        return np.broadcast_to(res, (len(w_runs), res.shape[-1]))
