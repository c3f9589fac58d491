"""One evaluation's run: read its panel from the database (or the rows given with it),
estimate its design, and write the plain-language summary. Called by the
``policies.evaluate`` job; it only reads, the job's actions write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import estimate, panels, summary
from .models import Evaluation

Progress = Callable[[int, int | None, str], None]
#: Names of yearbook codes whose names the panels leave empty (varsList has them as codes).
YEARBOOK_NAMES = {
    "v4_cg_zlsq2_fm": ("invention patents granted", "发明专利授权数"),
    "v4_cg_zlsq2_hj": ("patents granted", "专利授权数"),
    "v4_cg_zlsq_fm": ("invention patent applications", "发明专利申请数"),
    "v4_cg_zlsq_hj": ("patent applications", "专利申请数"),
    "v4_cg_jssc_je": ("technology contracts sold (value)", "技术市场输出合同金额"),
    "v4_cg_jssr_je": ("technology contracts bought (value)", "技术市场吸纳合同金额"),
}


def outcome_names(row: Evaluation) -> tuple[str, str]:
    """The outcome in English and Chinese (indicator names from the statistics tables)."""
    from innofield.stats.models import Indicator

    if row.outcome_label:
        return row.outcome_label, row.outcome_label
    if row.outcome.startswith("stats:"):
        code = row.outcome[6:]
        if code in YEARBOOK_NAMES:
            return YEARBOOK_NAMES[code]
        ind = Indicator.objects.filter(code=code).first()
        zh = ind.name_zh if ind is not None and ind.name_zh not in ("", "nan") else code
        en = ind.name_en if ind is not None and ind.name_en not in ("", "nan") else zh
        return en, zh
    if row.outcome in panels.PLATFORM:
        from django.utils import translation

        label = panels.PLATFORM[row.outcome].label
        with translation.override("zh-hans"):
            zh = str(label)
        with translation.override("en"):
            return str(label), zh
    return row.outcome, row.outcome


def load_panel(row: Evaluation, start: int, end: int) -> Any:
    """The evaluation's long panel ``unit, time, y``."""
    treated = [t["unit"] for t in row.treated]
    if row.outcome == "panel":
        return panels.given_panel(row.panel or [], row.unit_kind)
    if row.unit_kind == "province":
        return panels.stats_panel(row.outcome[6:], start, end)
    frame, _ = panels.platform_panel(row.outcome, treated, start, end)
    return frame


def compute(evaluation_id: int, progress: Progress) -> tuple[dict[str, Any], list[Any]]:
    """The result JSON and the panel rows used, for evaluation ``evaluation_id``."""
    row = Evaluation.objects.select_related("policy").get(pk=evaluation_id)
    kind = row.unit_kind
    start = panels.parse_period(row.start, kind, "start")
    end = panels.parse_period(row.end, kind, "end")
    progress(0, 5, "reading the panel")
    frame = load_panel(row, start, end)
    spec = estimate.Spec(
        design=row.design,
        control=row.control,
        adoption={
            t["unit"]: panels.parse_period(t["adoption"], kind, "adoption") for t in row.treated
        },
        log_outcome=row.log_outcome,
        start=start,
        end=end,
    )

    def step(done: int, total: int, message: str) -> None:
        progress(done, total + 1, message)

    result = estimate.run(frame, spec, step)
    en, zh = outcome_names(row)
    if row.log_outcome:
        en, zh = f"{en} (log)", f"{zh}（对数）"
    result["outcome_names"] = {"en": en, "zh": zh}
    result["summary"] = summary.write(result, en, zh)
    used = frame[(frame["time"] >= start) & (frame["time"] <= end)]
    rows = [[str(u), int(t), float(y)] for u, t, y in used[["unit", "time", "y"]].to_numpy()]
    progress(5, 5, "done")
    return result, rows
