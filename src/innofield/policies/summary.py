"""The plain-language summary of an evaluation's result, written in Chinese and English
from the numbers (both at once: a bureau files either, whatever the officer reads in)."""

from __future__ import annotations

import math
from typing import Any

ALPHA = 0.05


def _effect(att: float, log: bool) -> tuple[str, str]:
    """The effect as people read it: a % change for logged outcomes, else the units."""
    if log:
        pct = 100 * (math.exp(att) - 1)
        return f"{pct:+.1f} %", f"{pct:+.1f}%"
    return f"{att:+.3g}", f"{att:+.3g}"


def _significant(est: dict[str, Any]) -> bool | None:
    p = est.get("p_value")
    if p is not None:
        return bool(p < ALPHA)
    lo, hi = est.get("lower"), est.get("upper")
    if lo is None or hi is None:
        return None
    return bool(lo > 0 or hi < 0)


def _design_names(design: str) -> tuple[str, str]:
    return {
        "did": ("Callaway & Sant'Anna difference-in-differences", "Callaway–Sant'Anna 双重差分"),
        "twfe": ("two-way fixed-effects difference-in-differences", "双向固定效应双重差分"),
        "synth": ("synthetic control", "合成控制法"),
        "before_after": ("before/after comparison with the prior trend", "基于趋势外推的前后对比"),
    }[design]


def write(result: dict[str, Any], outcome: str, outcome_zh: str) -> dict[str, str]:
    """``{"en": ..., "zh": ...}``: the effect, its certainty, and the checks that matter."""
    est = result["estimate"]
    design_en, design_zh = _design_names(result["design"])
    log = bool(result.get("log_outcome"))
    att = est.get("att")
    if att is None:
        return {
            "en": f"The {design_en} could not estimate an effect on {outcome}.",
            "zh": f"{design_zh}未能估计出对{outcome_zh}的效应。",
        }
    eff_en, eff_zh = _effect(att, log)
    sig = _significant(est)
    units = result.get("n_treated", 1)
    en = [
        f"Using {design_en}, the policy changed {outcome} by {eff_en} on average after "
        f"adoption in the {units} treated unit(s), compared with what the comparison units "
        f"suggest would have happened without it."
    ]
    zh = [
        f"采用{design_zh}，政策实施后，{units}个处理单位的{outcome_zh}平均变化{eff_zh}"
        f"（相对于对照单位所反映的未实施政策时的情形）。"
    ]
    if est.get("lower") is not None and est.get("upper") is not None:
        lo_en, lo_zh = _effect(est["lower"], log)
        hi_en, hi_zh = _effect(est["upper"], log)
        en.append(f"The 95 % interval runs from {lo_en} to {hi_en}.")
        zh.append(f"95%置信区间为{lo_zh}至{hi_zh}。")
    if sig is True:
        en.append("The effect is statistically distinguishable from zero at the 5 % level.")
        zh.append("该效应在5%水平上显著不为零。")
    elif sig is False:
        en.append(
            "The effect is not statistically distinguishable from zero at the 5 % level: "
            "the data do not show that the policy made a difference."
        )
        zh.append("该效应在5%水平上不显著：数据尚不能表明政策产生了影响。")
    pre = result.get("pretest") or {}
    if pre.get("p_value") is None and pre.get("pre_periods"):
        k, n = pre["pre_covering_zero"], pre["pre_periods"]
        en.append(
            f"Before adoption, {k} of {n} event-study estimates have a 95 % band that covers "
            f"zero{'' if k == n else '; the trends before adoption differ somewhat'}."
        )
        zh.append(
            f"政策实施前的{n}个事件研究估计中，有{k}个的95%置信带包含零"
            f"{'。' if k == n else '，实施前走势存在一定差异。'}"
        )
    if pre.get("p_value") is not None:
        p = pre["p_value"]
        if p < ALPHA:
            en.append(
                f"Before adoption the treated and comparison units did not move in parallel "
                f"(pre-trend test p = {p:.3f}); read the estimate with caution."
            )
            zh.append(
                f"政策实施前处理组与对照组走势不平行（平行趋势检验 p = {p:.3f}），结论需谨慎解读。"
            )
        else:
            en.append(
                f"Before adoption the treated and comparison units moved in parallel "
                f"(pre-trend test p = {p:.3f}), which supports the comparison."
            )
            zh.append(
                f"政策实施前处理组与对照组走势基本平行（平行趋势检验 p = {p:.3f}），支持这一比较。"
            )
    bad = sum(b["weight"] or 0 for b in result.get("bacon", []) if b["type"] == "later vs earlier")
    twfe = (result.get("twfe") or {}).get("att")
    if twfe is not None and result["design"] in ("did", "twfe"):
        t_en, t_zh = _effect(twfe, log)
        en.append(
            f"A conventional two-way fixed-effects regression gives {t_en}; "
            f"{100 * bad:.0f} % of its weight comes from comparing later- with earlier-treated "
            f"units, which can bias it when effects grow over time."
        )
        zh.append(
            f"传统双向固定效应回归的估计为{t_zh}，其中{100 * bad:.0f}%的权重来自"
            f"以较早处理单位为对照的比较，当效应随时间变化时可能产生偏误。"
        )
    synth = result.get("synth") or {}
    if result["design"] == "synth" and synth.get("p_value") is not None:
        en.append(
            f"In placebo runs on the donor units, a gap at least this large appears with "
            f"probability {synth['p_value']:.2f}."
        )
        zh.append(f"在对供体单位的安慰剂检验中，出现同等或更大差距的概率为{synth['p_value']:.2f}。")
    if result["design"] == "before_after":
        en.append(
            "With no comparison units, anything else that changed at the same time is "
            "counted as the policy's effect."
        )
        zh.append("由于没有对照单位，同期发生的其他变化也会被计入政策效应。")
    return {"en": " ".join(en), "zh": "".join(zh)}
