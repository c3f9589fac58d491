"""CLI commands of the observatory, written as plain typer-annotated functions.

The project CLI registers them: ``index_app.command("build")(index_build)`` and
``app.command("ccd")(ccd)``. Bad input exits non-zero with one line naming the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # pandas and the library load when a command runs, not for ``--help``
    import pandas as pd


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_csv(path)
    except FileNotFoundError as exc:
        raise _fail(f"{what}: file not found: {path}") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _fail(f"{what}: cannot read {path} as CSV ({str(exc).splitlines()[0]})") from exc


def index_build(
    data: Annotated[
        Path, typer.Option("--data", help="iData CSV (uCode, uName, groups, indicators)")
    ],
    meta: Annotated[
        Path,
        typer.Option("--meta", help="iMeta CSV (Level, iCode, Direction, Weight, Parent, Type)"),
    ],
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    spec: Annotated[
        Path | None,
        typer.Option(
            "--spec", help="build spec (YAML); default: normalise min-max + arithmetic mean"
        ),
    ] = None,
) -> None:
    """Build a composite index; write results.csv, every intermediate data set and the spec used."""
    from .pipeline import CompositeIndex, load_spec

    idata = _read_csv(data, "--data")
    imeta = _read_csv(meta, "--meta")
    try:
        if spec is not None and not spec.exists():
            raise ValueError(f"--spec: file not found: {spec}")
        spec_map = load_spec(spec)
        index = CompositeIndex(spec_map).fit(idata, imeta)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    index.write(out)
    top = index.results_.iloc[0]
    typer.echo(f"wrote {out / 'results.csv'} ({len(index.results_)} units; top: {top['uCode']})")


def ccd(
    data: Annotated[
        Path, typer.Option("--data", help="CSV: id column, then one score column per subsystem")
    ],
    variant: Annotated[
        str, typer.Option("--variant", help="standard | wang2021 | k2")
    ] = "standard",
    alpha: Annotated[
        str | None, typer.Option("--alpha", help="subsystem weights for T, comma-separated")
    ] = None,
) -> None:
    """Coupling coordination degree per row; prints CSV id,C,T,D,grade to stdout."""
    import pandas as pd

    from .ccd import CCD_VARIANTS, coupling_coordination

    frame = _read_csv(data, "--data")
    if variant not in CCD_VARIANTS:
        raise _fail(
            f"--variant: unknown variant {variant!r}; choose from {', '.join(CCD_VARIANTS)}"
        )
    if frame.shape[1] < 3:
        raise _fail("--data: need an id column and at least two subsystem score columns")
    ids = frame.iloc[:, 0]
    scores = frame.iloc[:, 1:]
    for col in scores.columns:
        conv = pd.to_numeric(scores[col], errors="coerce")
        bad = scores[col][conv.isna()]
        if len(bad):
            raise _fail(
                f"{col}: non-numeric or missing value {bad.iloc[0]!r} in row {bad.index[0] + 2}"
            )
        scores[col] = conv
    weights = None
    if alpha is not None:
        try:
            weights = [float(a) for a in alpha.split(",")]
        except ValueError as exc:
            raise _fail(f"--alpha: not a list of numbers: {alpha!r}") from exc
    try:
        res = coupling_coordination(scores, variant=variant, alpha=weights)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    res.insert(0, "id", ids.to_numpy())
    typer.echo(
        res[["id", "C", "T", "D", "grade"]].to_csv(index=False, lineterminator="\n"), nl=False
    )
