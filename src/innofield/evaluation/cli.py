"""``innofield evaluate did|synth``: policy evaluation of a panel CSV from the command line.

Files go to ``--out``; the last line of stdout is one JSON summary. A panel the estimators
cannot use ends with one line ``error: COLUMN: reason`` on stderr and exit status 2.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    import pandas as pd

evaluate_app = typer.Typer(
    help="Policy evaluation: DiD and synthetic control.", no_args_is_help=True
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _read(path: Path) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise _fail(f"--data: cannot read {path}: {exc}") from exc


def _num(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@evaluate_app.command("did")
def did(
    data: Annotated[Path, typer.Option(help="Long panel CSV, one row per unit and period.")],
    unit: Annotated[str, typer.Option(help="Unit id column.")],
    time: Annotated[str, typer.Option(help="Period column (numeric).")],
    group: Annotated[str, typer.Option(help="First treated period column; 0 = never.")],
    outcome: Annotated[str, typer.Option(help="Outcome column.")],
    out: Annotated[Path, typer.Option(help="Output directory.")],
    control: Annotated[str, typer.Option(help="never or notyet.")] = "never",
    base: Annotated[str, typer.Option(help="varying or universal base period.")] = "varying",
    covariates: Annotated[str, typer.Option(help="Comma-separated covariate columns.")] = "",
    method: Annotated[str, typer.Option(help="reg, ipw or dr.")] = "dr",
    seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 0,
    n_boot: Annotated[int, typer.Option(help="Bootstrap draws (0: analytical SEs).")] = 999,
) -> None:
    """Callaway & Sant'Anna ATT(g,t), its aggregations and event-study chart, plus TWFE."""
    from .bacon import BaconDecomposition
    from .callaway import CallawaySantAnna
    from .panel import PanelError, require_columns
    from .plots import event_study_chart
    from .twfe import TwoWayFixedEffects

    panel = _read(data)
    covs = _split(covariates)
    try:
        require_columns(panel, [unit, time, group, outcome, *covs])
        est = CallawaySantAnna(
            unit,
            time,
            group,
            outcome,
            control=control,
            base=base,
            covariates=covs,
            method=method,
            n_boot=n_boot,
            seed=seed,
        )
        est.fit(panel)
        twfe = TwoWayFixedEffects(unit, time, outcome, group=group).fit(panel)
    except PanelError as exc:
        raise _fail(str(exc)) from exc
    out.mkdir(parents=True, exist_ok=True)
    table = est.att_gt_.astype({"group": int, "time": int})
    table[["group", "time", "att", "se", "lower", "upper"]].to_csv(out / "att_gt.csv", index=False)
    aggregates = {
        kind: est.aggregate(kind).to_dict() for kind in ("simple", "dynamic", "group", "calendar")
    }
    (out / "aggregates.json").write_text(json.dumps(aggregates, indent=2, allow_nan=False))
    dynamic = est.aggregate("dynamic").table
    event_study_chart(dynamic, out / "event_study.png", f"Event study: {outcome}")
    bacon: dict[str, Any] | None = None
    try:
        decomposition = BaconDecomposition(unit, time, group, outcome).fit(panel)
        decomposition.components_.to_csv(out / "bacon.csv", index=False)
        bacon = {
            str(k): {"weight": float(v["weight"]), "estimate": float(v["estimate"])}
            for k, v in decomposition.summary_.iterrows()
        }
    except (PanelError, ArithmeticError):
        bacon = None
    summary = {
        "command": "did",
        "out": str(out),
        "n_units": est.n_units_,
        "n_dropped_unbalanced": est.n_dropped_unbalanced_,
        "n_dropped_always_treated": est.n_dropped_always_treated_,
        "groups": [int(g) for g in est.groups_],
        "periods": [int(t) for t in est.periods_],
        "control": control,
        "base": base,
        "method": method,
        "covariates": covs,
        "n_boot": n_boot,
        "seed": seed,
        "simple": {"att": aggregates["simple"]["att"], "se": aggregates["simple"]["se"]},
        "dynamic": {"att": aggregates["dynamic"]["att"], "se": aggregates["dynamic"]["se"]},
        "pretest": {k: (int(v) if k == "df" else _num(v)) for k, v in est.pretest_.items()},
        "twfe": {"att": twfe.att_, "se": twfe.att_se_},
        "bacon": bacon,
    }
    typer.echo(json.dumps(summary))


@evaluate_app.command("synth")
def synth(
    data: Annotated[Path, typer.Option(help="Long panel CSV, one row per unit and period.")],
    unit: Annotated[str, typer.Option(help="Unit id column.")],
    time: Annotated[str, typer.Option(help="Period column (numeric).")],
    outcome: Annotated[str, typer.Option(help="Outcome column.")],
    treated: Annotated[str, typer.Option(help="The treated unit's id.")],
    treat_time: Annotated[float, typer.Option(help="First treated period.")],
    out: Annotated[Path, typer.Option(help="Output directory.")],
    predictors: Annotated[
        str,
        typer.Option(
            help="Comma-separated predictor columns, averaged over the "
            "pre-treatment periods (default: each pre-period outcome)."
        ),
    ] = "",
    placebos: Annotated[bool, typer.Option(help="Run placebos in space for a p-value.")] = True,
) -> None:
    """Synthetic control for one treated unit: weights, gaps, chart, placebo p-value."""
    from .panel import PanelError, require_columns
    from .plots import synth_chart
    from .synth import SyntheticControl

    panel = _read(data)
    preds = _split(predictors)
    try:
        require_columns(panel, [unit, time, outcome, *preds])
        panel[unit] = panel[unit].astype(str)
        est = SyntheticControl(
            unit, time, outcome, treated, treat_time, predictors=[(p, None) for p in preds] or None
        ).fit(panel)
    except PanelError as exc:
        raise _fail(str(exc)) from exc
    out.mkdir(parents=True, exist_ok=True)
    est.weights_.rename_axis(unit).reset_index().to_csv(out / "weights.csv", index=False)
    est.gaps_.reset_index().to_csv(out / "gaps.csv", index=False)
    synth_chart(est.gaps_, treat_time, out / "synth.png", f"Synthetic control: {treated}")
    p_value = None
    if placebos:
        est.placebos().to_csv(out / "placebos.csv", index=False)
        p_value = est.p_value_
    top = est.weights_[est.weights_ > 0.001].sort_values(ascending=False)
    summary = {
        "command": "synth",
        "out": str(out),
        "treated": treated,
        "treat_time": treat_time,
        "att": est.att_,
        "rmspe_pre": est.rmspe_pre_,
        "rmspe_post": est.rmspe_post_,
        "p_value": p_value,
        "weights": {str(k): float(v) for k, v in top.items()},
    }
    typer.echo(json.dumps(summary))
