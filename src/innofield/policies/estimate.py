"""Running an evaluation's design on its panel with :mod:`innofield.evaluation` and
turning the fits into the JSON kept with the evaluation (no database here).

Every panel design (``did``, ``twfe``) computes the Callaway & Sant'Anna ATT(g, t) with
its event study and pre-trend test, the TWFE coefficient and its Goodman-Bacon
decomposition, so the results page can show how far TWFE strays; the design names the
headline estimate. ``synth`` and ``before_after`` evaluate one treated unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from innofield.core.errors import ValidationFailed

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[int, int, str], None]
N_BOOT = 999
SEED = 20261205


@dataclass
class Spec:
    """What to estimate: the design, comparison units, treated units' adoption periods."""

    design: str
    control: str
    adoption: dict[str, int]
    log_outcome: bool = False
    start: int = 0
    end: int = 0
    notes: list[str] = field(default_factory=list)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def _ci(att: float | None, se: float | None) -> dict[str, float | None]:
    if att is None or se is None:
        return {"att": att, "se": se, "lower": None, "upper": None, "p_value": None}
    from statistics import NormalDist

    p = 2 * (1 - NormalDist().cdf(abs(att / se))) if se > 0 else None
    return {"att": att, "se": se, "lower": att - 1.96 * se, "upper": att + 1.96 * se, "p_value": p}


def prepare(frame: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """The window, the outcome (logged if asked), a balanced panel, and each unit's group
    (its adoption period, 0 for comparison units and adoptions after the window)."""
    import numpy as np

    panel = frame[(frame["time"] >= spec.start) & (frame["time"] <= spec.end)].copy()
    panel = panel.dropna(subset=["y"]).drop_duplicates(["unit", "time"])
    if panel.empty:
        raise ValidationFailed.single("start", "no data between start and end")
    missing = [u for u in spec.adoption if u not in set(panel["unit"])]
    if missing:
        raise ValidationFailed.single("treated", f"no data for {', '.join(missing[:5])}")
    if spec.log_outcome:
        bad = int((panel["y"] <= 0).sum())
        if bad:
            raise ValidationFailed.single(
                "log_outcome", f"the logarithm needs positive values; {bad} values are ≤ 0"
            )
        panel["y"] = np.log(panel["y"])
    periods = panel["time"].nunique()
    counts = panel.groupby("unit")["time"].nunique()
    full = counts[counts == periods].index
    dropped = sorted(set(counts.index) - set(full))
    if dropped:
        spec.notes.append(f"unbalanced:{len(dropped)}")
    panel = panel[panel["unit"].isin(full)]
    late = [u for u, a in spec.adoption.items() if a > spec.end]
    if late:
        spec.notes.append(f"adopted_after_window:{len(late)}")
    group = {u: a for u, a in spec.adoption.items() if a <= spec.end}
    panel["group"] = panel["unit"].map(group).fillna(0).astype(int)
    return panel.sort_values(["unit", "time"], ignore_index=True)


def _panel_designs(panel: pd.DataFrame, spec: Spec, progress: Progress) -> dict[str, Any]:
    from innofield.evaluation import (
        BaconDecomposition,
        CallawaySantAnna,
        PanelError,
        TwoWayFixedEffects,
    )

    treated = panel.loc[panel["group"] > 0, "unit"].nunique()
    if treated == 0:
        raise ValidationFailed.single("treated", "no treated unit has data in the window")
    if spec.control == "never" and not (panel["group"] == 0).any():
        raise ValidationFailed.single("control", "no never-treated unit: use not-yet-treated")
    out: dict[str, Any] = {}
    progress(1, 4, "Callaway & Sant'Anna ATT(g,t)")
    try:
        cs = CallawaySantAnna(
            "unit", "time", "group", "y", control=spec.control, n_boot=N_BOOT, seed=SEED
        ).fit(panel)
    except PanelError as exc:
        raise ValidationFailed.single("treated", str(exc)) from exc
    simple = cs.aggregate("simple")
    dynamic = cs.aggregate("dynamic")
    groups = cs.aggregate("group").to_dict().get("rows", [])
    out["did"] = _ci(_num(simple.att), _num(simple.se))
    out["dynamic"] = [
        {k: (int(v) if k == "event_time" else _num(v)) for k, v in row.items()}
        for row in dynamic.table.to_dict("records")
    ]
    out["groups"] = groups
    out["att_gt"] = [
        {k: (int(r[k]) if k in ("group", "time") else _num(r[k])) for k in r}
        for r in cs.att_gt_[["group", "time", "att", "se", "lower", "upper"]].to_dict("records")
    ]
    out["pretest"] = pretrend(cs.pretest_, out["dynamic"], int(cs.n_units_))
    out["dropped_always_treated"] = int(cs.n_dropped_always_treated_)
    progress(2, 4, "two-way fixed effects")
    # TWFE and its decomposition on the same units CS uses: without the always treated
    first = int(panel["time"].min())
    panel = panel[~((panel["group"] > 0) & (panel["group"] <= first))]
    twfe = TwoWayFixedEffects("unit", "time", "y", group="group").fit(panel)
    out["twfe"] = {**_ci(_num(twfe.att_), _num(twfe.att_se_)), "p_value": _num(twfe.p_value_)}
    progress(3, 4, "Goodman-Bacon decomposition")
    try:
        bacon = BaconDecomposition("unit", "time", "group", "y").fit(panel)
        out["bacon"] = [
            {"type": str(k), "weight": _num(v["weight"]), "estimate": _num(v["estimate"])}
            for k, v in bacon.summary_.iterrows()
        ]
    except (PanelError, ArithmeticError, ValueError):
        out["bacon"] = []
    out["estimate"] = out["did"] if spec.design == "did" else out["twfe"]
    return out


def pretrend(wald: dict[str, Any], dynamic: list[dict[str, Any]], n_units: int) -> dict[str, Any]:
    """The pre-trend checks: R ``did``'s Wald test on the pre-treatment ATT(g, t) when its
    covariance can be inverted (fewer cells than units, a finite non-negative statistic),
    and how many pre-adoption event-study estimates have a band that covers zero."""
    stat, df = _num(wald.get("stat")), int(wald.get("df") or 0)
    valid = stat is not None and stat >= 0 and 0 < df < n_units
    pre = [r for r in dynamic if r["event_time"] < 0 and r.get("lower") is not None]
    cover = sum(1 for r in pre if (r["lower"] or 0) <= 0 <= (r["upper"] or 0))
    return {
        "stat": stat if valid else None,
        "df": df,
        "p_value": _num(wald.get("p_value")) if valid else None,
        "pre_periods": len(pre),
        "pre_covering_zero": cover,
    }


def _one_treated(spec: Spec) -> tuple[str, int]:
    if len(spec.adoption) != 1:
        raise ValidationFailed.single(
            "treated", f"the {spec.design} design evaluates exactly one treated unit"
        )
    return next(iter(spec.adoption.items()))


def _synth(panel: pd.DataFrame, spec: Spec, progress: Progress) -> dict[str, Any]:
    from innofield.evaluation import PanelError, SyntheticControl

    unit, when = _one_treated(spec)
    donors = sorted(set(panel["unit"]) - set(spec.adoption))
    if len(donors) < 2:
        raise ValidationFailed.single("treated", "synthetic control needs at least two donors")
    progress(1, 3, "synthetic control weights")
    try:
        est = SyntheticControl("unit", "time", "y", unit, when, donors=donors).fit(panel)
        progress(2, 3, "placebos in space")
        est.placebos()
    except PanelError as exc:
        raise ValidationFailed.single("start", str(exc)) from exc
    gaps = est.gaps_
    weights = est.weights_[est.weights_ > 0.001].sort_values(ascending=False)
    return {
        "estimate": {**_ci(_num(est.att_), None), "p_value": _num(est.p_value_)},
        "synth": {
            "weights": [{"unit": str(k), "weight": float(v)} for k, v in weights.items()],
            "series": [
                {"time": int(t), "treated": _num(r["treated"]), "other": _num(r["synthetic"])}
                for t, r in gaps.iterrows()
            ],
            "rmspe_pre": _num(est.rmspe_pre_),
            "rmspe_post": _num(est.rmspe_post_),
            "p_value": _num(est.p_value_),
            "treat_time": when,
        },
    }


def _before_after(panel: pd.DataFrame, spec: Spec, progress: Progress) -> dict[str, Any]:
    from innofield.evaluation import BeforeAfterTrend, PanelError

    unit, when = _one_treated(spec)
    progress(1, 2, "pre-period trend")
    try:
        est = BeforeAfterTrend("time", "y", when).fit(panel[panel["unit"] == unit])
    except PanelError as exc:
        raise ValidationFailed.single("start", str(exc)) from exc
    return {
        "estimate": {**_ci(_num(est.att_), _num(est.se_)), "p_value": _num(est.p_value_)},
        "synth": {
            "weights": [],
            "series": [
                {"time": int(t), "treated": _num(r["observed"]), "other": _num(r["projected"])}
                for t, r in est.gaps_.iterrows()
            ],
            "rmspe_pre": None,
            "rmspe_post": None,
            "p_value": _num(est.p_value_),
            "treat_time": when,
        },
    }


DESIGNS: dict[str, Callable[[Any, Spec, Progress], dict[str, Any]]] = {
    "did": _panel_designs,
    "twfe": _panel_designs,
    "synth": _synth,
    "before_after": _before_after,
}


def run(frame: pd.DataFrame, spec: Spec, progress: Progress | None = None) -> dict[str, Any]:
    """Estimate ``spec`` on the long frame (``unit, time, y``); a JSON-ready result."""
    report: Progress = progress or (lambda done, total, message: None)
    panel = prepare(frame, spec)
    out = DESIGNS[spec.design](panel, spec, report)
    out.update(
        {
            "design": spec.design,
            "control": spec.control,
            "log_outcome": spec.log_outcome,
            "n_units": int(panel["unit"].nunique()),
            "n_treated": int(panel.loc[panel["group"] > 0, "unit"].nunique())
            if spec.design in ("did", "twfe")
            else 1,
            "periods": [int(t) for t in sorted(panel["time"].unique())],
            "notes": spec.notes,
            "mean_treated_pre": _pre_mean(panel, spec),
        }
    )
    return out


def _pre_mean(panel: pd.DataFrame, spec: Spec) -> float | None:
    """Mean outcome of the treated units before adoption (for effects in % of it)."""
    rows = panel[panel["unit"].isin(list(spec.adoption))]
    adoption = rows["unit"].map(spec.adoption)
    pre = rows[rows["time"] < adoption]
    return _num(pre["y"].mean()) if len(pre) else None
