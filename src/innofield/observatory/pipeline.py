"""The build pipeline: a spec of steps applied to ``iData``/``iMeta``, every data set kept.

A spec is a list of steps, each a mapping with ``step`` (the function) and its parameters::

    steps:
      - {step: denominate}
      - {step: impute, method: mean_group, group: EurAsia_group}
      - {step: screen, method: byNA, dat_thresh: 0.9}
      - {step: treat, winmax: 5}
      - {step: normalise, method: minmax, l_u: [0, 100]}
      - {step: aggregate, method: arithmetic}

Each step reads the previous data set (or ``dset``) and writes its own (``Denominated``,
``Imputed``, ``Screened``, ``Treated``, ``Normalised``, ``Aggregated``; or ``write_to``).
:meth:`CompositeIndex.with_step` returns a copy with one step's parameters changed, so a build
re-runs with one method swapped.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .aggregate import aggregate
from .coinr_stats import rank_desc
from .denominate import denominate
from .framework import Framework
from .impute import impute
from .normalise import normalise
from .screen import screen_units
from .treat import treat
from .unit_data import group_columns, indicator_frame, unit_table

STEP_OUTPUT = {
    "denominate": "Denominated",
    "impute": "Imputed",
    "screen": "Screened",
    "treat": "Treated",
    "normalise": "Normalised",
    "aggregate": "Aggregated",
}
STEP_ORDER = tuple(STEP_OUTPUT)


def load_spec(source: str | Path | dict[str, Any] | None) -> dict[str, Any]:
    """Read a spec (YAML file path, YAML text or mapping) and check its step names."""
    if source is None:
        spec: Any = {"steps": [{"step": "normalise"}, {"step": "aggregate"}]}
    elif isinstance(source, dict):
        spec = copy.deepcopy(source)
    else:
        text = (
            Path(source).read_text(encoding="utf-8") if Path(str(source)).exists() else str(source)
        )
        spec = yaml.safe_load(text)
    if not isinstance(spec, dict) or not isinstance(spec.get("steps"), list):
        raise ValueError("spec: expected a mapping with a 'steps' list")
    for i, st in enumerate(spec["steps"]):
        if not isinstance(st, dict) or st.get("step") not in STEP_OUTPUT:
            raise ValueError(f"spec: step {i + 1} must have 'step' in {', '.join(STEP_OUTPUT)}")
    return spec


class CompositeIndex:
    """A composite indicator built COINr-style from ``iData`` and ``iMeta``.

    Parameters
    ----------
    spec: mapping, YAML text or path with a ``steps`` list (see module docstring).

    After :meth:`fit`: ``framework_``, ``units_`` (names, groups, denominators), ``datasets_``
    (``Raw`` and one data set per step), ``params_`` (the parameters each step ran with),
    ``details_`` (treatment table, screening summary …), ``weights_`` and ``results_``.
    """

    def __init__(self, spec: str | Path | dict[str, Any] | None = None) -> None:
        self.spec = spec

    def get_spec(self) -> dict[str, Any]:
        """The spec as a plain mapping."""
        return load_spec(self.spec)

    def with_step(self, step: str, replace: bool = False, **params: Any) -> CompositeIndex:
        """A new unfitted index whose ``step`` has ``params`` (merged, or replacing if asked)."""
        spec = self.get_spec()
        for st in spec["steps"]:
            if st["step"] == step:
                if replace:
                    st.clear()
                    st["step"] = step
                st.update(params)
                break
        else:
            raise ValueError(f"{step}: no such step in the spec")
        return CompositeIndex(spec)

    def fit(self, idata: pd.DataFrame, imeta: pd.DataFrame) -> CompositeIndex:
        """Run every step of the spec; returns self."""
        spec = self.get_spec()
        fw = Framework.from_imeta(imeta)
        raw = indicator_frame(idata, fw)
        if "Time" in idata.columns and idata["Time"].nunique() > 1:
            raise ValueError(
                "Time: iData holds several years; fit one year at a time (see build_panel)"
            )
        self.framework_ = fw
        self.units_ = unit_table(idata, fw)
        self.group_columns_ = group_columns(idata, fw)
        self.datasets_: dict[str, pd.DataFrame] = {"Raw": raw}
        self.params_: list[dict[str, Any]] = []
        self.details_: dict[str, Any] = {}
        self.weights_ = dict(fw.weight)
        current = "Raw"
        for st in spec["steps"]:
            params = {k: v for k, v in st.items() if k not in ("step", "dset", "write_to")}
            src = st.get("dset", current)
            if src not in self.datasets_:
                raise ValueError(f"{st['step']}: input data set {src!r} does not exist yet")
            out_name = st.get("write_to", STEP_OUTPUT[st["step"]])
            self.datasets_[out_name] = self.run_step(st["step"], self.datasets_[src], params)
            self.params_.append({"step": st["step"], "dset": src, "write_to": out_name, **params})
            current = out_name
        self.results_ = self._results(self.datasets_[current])
        return self

    def run_step(self, step: str, data: pd.DataFrame, params: dict[str, Any]) -> pd.DataFrame:
        """Apply one step to ``data`` with ``params`` (uses the fitted framework and units)."""
        fw, p = self.framework_, dict(params)
        if step == "denominate":
            denom_by = p.pop("denom_by", None) or dict(fw.denominator)
            self._no_extra(step, p, ("scale_factors",))
            return denominate(data, self.units_, denom_by, p.get("scale_factors"))
        if step == "impute":
            grp_col = p.pop("group", None)
            groups = None
            if grp_col is not None:
                if grp_col not in self.units_.columns:
                    raise ValueError(f"{grp_col}: group column not found in iData")
                groups = self.units_[grp_col]
            self._no_extra(step, p, ("method", "by"))
            dirs = {c: fw.direction[c] for c in data.columns if c in fw.direction}
            return impute(data, groups=groups, directions=dirs, **p)
        if step == "screen":
            self._no_extra(step, p, ("method", "dat_thresh", "nonzero_thresh", "force"))
            kept, summary, removed = screen_units(data, **p)
            self.details_["Screened"] = {"DataSummary": summary, "RemovedUnits": removed}
            return kept
        if step == "treat":
            treated, table, points = treat(data, **p)
            self.details_["Treated"] = {"Dets_Table": table, "Treated_Points": points}
            return treated
        if step == "normalise":
            targets = None
            if "Target" in fw.meta.columns:
                tser = fw.meta.set_index("iCode")["Target"]
                targets = {str(c): float(v) for c, v in tser.items() if pd.notna(v)}
            dirs = {c: fw.direction[c] for c in data.columns if c in fw.direction}
            return normalise(data, dirs, targets=targets, **p)
        weights = p.pop("weights", None)
        if isinstance(weights, str):
            sets = self.get_spec().get("weight_sets", {})
            if weights not in sets:
                raise ValueError(f"{weights}: no such weight set in the spec's weight_sets")
            weights = sets[weights]
        if weights is not None:
            self.weights_ = {**fw.weight, **weights}
        self._no_extra(step, p, ("method", "p", "dat_thresh"))
        return aggregate(data[fw.indicators], fw, weights=weights, **p)

    @staticmethod
    def _no_extra(step: str, params: dict[str, Any], allowed: tuple[str, ...]) -> None:
        extra = [k for k in params if k not in allowed]
        if extra:
            raise ValueError(f"{step}: unknown parameter(s) {', '.join(extra)}")

    def _results(self, final: pd.DataFrame) -> pd.DataFrame:
        fw = self.framework_
        aggs = [
            c
            for lev in sorted(fw.codes_by_level, reverse=True)
            if lev > 1
            for c in fw.codes_by_level[lev]
            if c in final.columns
        ]
        scores = final[aggs]
        ranks = rank_desc(scores).add_suffix("_Rank")
        out = pd.concat([scores, ranks], axis=1).reset_index()
        if aggs:
            out = out.sort_values([aggs[0], "uCode"], ascending=[False, True], kind="stable")
        return out.reset_index(drop=True)

    def write(self, out_dir: str | Path) -> Path:
        """Write ``results.csv``, one CSV per data set, step details and ``spec.yaml``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.results_.to_csv(out / "results.csv", index=False)
        for name, frame in self.datasets_.items():
            frame.reset_index().to_csv(out / f"{name}.csv", index=False)
        for name, det in self.details_.items():
            for key, val in det.items():
                if isinstance(val, pd.DataFrame):
                    val.to_csv(out / f"{name}_{key}.csv", index=key != "Dets_Table")
        (out / "spec.yaml").write_text(
            yaml.safe_dump(self.get_spec(), sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        return out


def build_panel(
    idata: pd.DataFrame, imeta: pd.DataFrame, spec: Any = None
) -> dict[Any, CompositeIndex]:
    """Fit one :class:`CompositeIndex` per ``Time`` value of a panel ``iData``."""
    if "Time" not in idata.columns:
        raise ValueError("Time: iData has no Time column")
    return {
        t: CompositeIndex(spec).fit(chunk.drop(columns="Time"), imeta)
        for t, chunk in idata.groupby("Time", sort=True)
    }
