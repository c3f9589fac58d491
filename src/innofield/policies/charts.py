"""Charts of an evaluation as inline SVG (no script, no CDN): the same markup serves the
results page and the PDF report. Labels come in already translated."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

W, H = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 44
FONT = "Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif"
PRE, POST, INK = "#8a8a8a", "#1f5fa8", "#222222"


def _scale(lo: float, hi: float, a: float, b: float) -> Any:
    span = (hi - lo) or 1.0
    return lambda v: a + (v - lo) / span * (b - a)


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    import math

    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    first = math.ceil(lo / step) * step
    out = []
    v = first
    while v <= hi + 1e-12:
        out.append(round(v, 10))
        v += step
    return out


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def _frame(
    title: str, xlabel: str, ylabel: str, xs: Sequence[float], ys: Sequence[float]
) -> tuple[list[str], Any, Any]:
    lo, hi = min(ys), max(ys)
    pad = (hi - lo) * 0.08 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    x0, x1 = min(xs) - 0.5, max(xs) + 0.5
    sx = _scale(x0, x1, LEFT, W - RIGHT)
    sy = _scale(lo, hi, H - BOTTOM, TOP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" '
        f'height="{H}" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'font-size="11" class="chart">',
        f'<text x="{LEFT}" y="16" font-size="13" fill="{INK}">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" '
        f'stroke="{INK}" stroke-width="0.8"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" stroke="{INK}" '
        f'stroke-width="0.8"/>',
    ]
    for v in _ticks(lo, hi):
        y = sy(v)
        parts.append(
            f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" '
            f'stroke="#e3e3e3" stroke-width="0.6"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{_fmt(v)}</text>"
        )
    parts.append(
        f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 8}" text-anchor="middle" '
        f'fill="{INK}">{escape(xlabel)}</text>'
        f'<text x="14" y="{(TOP + H - BOTTOM) / 2}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 14 {(TOP + H - BOTTOM) / 2})">{escape(ylabel)}</text>'
    )
    if lo < 0 < hi:
        parts.append(
            f'<line x1="{LEFT}" y1="{sy(0):.1f}" x2="{W - RIGHT}" y2="{sy(0):.1f}" '
            f'stroke="{INK}" stroke-width="0.8"/>'
        )
    return parts, sx, sy


def _xticks(parts: list[str], sx: Any, xs: Sequence[float], label: Any) -> None:
    step = max(1, len(xs) // 12)
    for x in list(xs)[::step]:
        parts.append(
            f'<text x="{sx(x):.1f}" y="{H - BOTTOM + 14}" text-anchor="middle" '
            f'fill="{INK}">{escape(label(x))}</text>'
        )


def event_study(rows: list[dict[str, Any]], title: str, xlabel: str, ylabel: str) -> SafeString:
    """Estimates by periods since adoption with their simultaneous 95 % band; pre-periods
    grey, post-periods blue, adoption marked by a dotted line."""
    rows = [r for r in rows if r.get("att") is not None]
    if not rows:
        return mark_safe("")
    xs = [r["event_time"] for r in rows]
    ys = [v for r in rows for v in (r["att"], r.get("lower"), r.get("upper")) if v is not None]
    parts, sx, sy = _frame(title, xlabel, ylabel, xs, ys)
    parts.append(
        f'<line x1="{sx(-0.5):.1f}" y1="{TOP}" x2="{sx(-0.5):.1f}" y2="{H - BOTTOM}" '
        f'stroke="{INK}" stroke-dasharray="2 3" stroke-width="0.8"/>'
    )
    for r in rows:
        colour = POST if r["event_time"] >= 0 else PRE
        x = sx(r["event_time"])
        if r.get("lower") is not None and r.get("upper") is not None:
            parts.append(
                f'<line x1="{x:.1f}" y1="{sy(r["lower"]):.1f}" x2="{x:.1f}" '
                f'y2="{sy(r["upper"]):.1f}" stroke="{colour}" stroke-width="1.4"/>'
            )
        parts.append(
            f'<circle cx="{x:.1f}" cy="{sy(r["att"]):.1f}" r="3.5" fill="{colour}">'
            f"<title>{r['event_time']}: {_fmt(r['att'])}</title></circle>"
        )
    _xticks(parts, sx, xs, lambda x: str(int(x)))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def series(
    rows: list[dict[str, Any]],
    treat_time: float,
    title: str,
    labels: tuple[str, str],
    xlabel: str,
    period: Any,
) -> SafeString:
    """The treated unit against its synthetic control (or projected trend)."""
    rows = [r for r in rows if r.get("treated") is not None and r.get("other") is not None]
    if not rows:
        return mark_safe("")
    xs = [r["time"] for r in rows]
    ys = [v for r in rows for v in (r["treated"], r["other"])]
    parts, sx, sy = _frame(title, xlabel, "", xs, ys)
    parts.append(
        f'<line x1="{sx(treat_time - 0.5):.1f}" y1="{TOP}" x2="{sx(treat_time - 0.5):.1f}" '
        f'y2="{H - BOTTOM}" stroke="{INK}" stroke-dasharray="2 3" stroke-width="0.8"/>'
    )
    for key, colour, dash in (("treated", INK, ""), ("other", POST, ' stroke-dasharray="6 4"')):
        points = " ".join(f"{sx(r['time']):.1f},{sy(r[key]):.1f}" for r in rows)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.6"{dash}/>'
        )
    for k, (name, colour) in enumerate(zip(labels, (INK, POST), strict=True)):
        y = TOP + 6 + 14 * k
        parts.append(
            f'<line x1="{W - 170}" y1="{y}" x2="{W - 150}" y2="{y}" stroke="{colour}" '
            f'stroke-width="1.6"/><text x="{W - 145}" y="{y + 4}" fill="{INK}">'
            f"{escape(name)}</text>"
        )
    _xticks(parts, sx, xs, period)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
