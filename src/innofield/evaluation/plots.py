"""Charts for the evaluation CLI (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def event_study_chart(dynamic: pd.DataFrame, path: Path, title: str) -> None:
    """Event-time estimates with their simultaneous band; pre-periods grey, post blue."""
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    for post, colour in ((False, "#888888"), (True, "#1f5fa8")):
        rows = dynamic[(dynamic["event_time"] >= 0) == post]
        ax.errorbar(
            rows["event_time"],
            rows["att"],
            yerr=[rows["att"] - rows["lower"], rows["upper"] - rows["att"]],
            fmt="o",
            color=colour,
            capsize=3,
            label="post-treatment" if post else "pre-treatment",
        )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(-0.5, color="black", linewidth=0.6, linestyle=":")
    ax.set_xlabel("periods since treatment")
    ax.set_ylabel("ATT")
    ax.set_title(title)
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def synth_chart(gaps: pd.DataFrame, treat_time: float, path: Path, title: str) -> None:
    """Treated unit against its synthetic control, with the treatment date marked."""
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    ax.plot(gaps.index, gaps["treated"], color="black", label="treated")
    ax.plot(gaps.index, gaps["synthetic"], color="#1f5fa8", linestyle="--", label="synthetic")
    ax.axvline(treat_time, color="grey", linestyle=":")
    ax.set_xlabel(str(gaps.index.name))
    ax.set_title(title)
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
