"""The index framework: indicators, aggregates and their hierarchy, read from COINr's ``iMeta``.

A :class:`Framework` is validated once, when it is built, so every later step can trust it:
duplicate codes, unknown parents, cycles, orphans, bad directions and weights that sum to zero
all raise a :class:`ValueError` naming the code and the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

REQUIRED_META_COLUMNS = ("Level", "iCode", "Direction", "Weight", "Parent", "Type")
META_TYPES = ("Indicator", "Aggregate", "Group", "Denominator", "Other")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Framework:
    """The hierarchy of an index: level-1 indicators up to one top aggregate.

    Attributes are plain lists and dicts so the framework is cheap to copy and easy to read.
    Build it with :meth:`from_imeta`.
    """

    meta: pd.DataFrame
    codes_by_level: dict[int, list[str]]
    parent: dict[str, str | None]
    weight: dict[str, float]
    direction: dict[str, int]
    denominator: dict[str, str] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)
    denominators: list[str] = field(default_factory=list)

    @property
    def indicators(self) -> list[str]:
        """Level-1 indicator codes in iMeta order."""
        return list(self.codes_by_level[1])

    @property
    def max_level(self) -> int:
        """Number of levels (the top aggregate's level)."""
        return max(self.codes_by_level)

    @property
    def aggregates(self) -> list[str]:
        """Aggregate codes, level by level from the bottom, iMeta order within a level."""
        return [
            c for lev in sorted(self.codes_by_level) if lev > 1 for c in self.codes_by_level[lev]
        ]

    def children(self, code: str) -> list[str]:
        """Direct children of an aggregate, in iMeta order."""
        level = self.level_of(code)
        return [c for c in self.codes_by_level.get(level - 1, []) if self.parent[c] == code]

    def level_of(self, code: str) -> int:
        """Level of a code (1 = indicator)."""
        for lev, codes in self.codes_by_level.items():
            if code in codes:
                return lev
        raise ValueError(f"{code}: not a code of this framework")

    def lineage(self) -> pd.DataFrame:
        """One row per indicator, one column per level: the chain of parents (COINr's Lineage)."""
        rows = []
        for ind in self.indicators:
            chain = [ind]
            cur: str | None = ind
            while cur is not None and self.parent[cur] is not None:
                cur = self.parent[cur]
                chain.append(cur)  # type: ignore[arg-type]
            rows.append(chain)
        cols = [f"Level_{i}" for i in range(1, self.max_level + 1)]
        return pd.DataFrame(rows, columns=cols)

    def weights_frame(self) -> pd.DataFrame:
        """The iMeta weights as a frame ``iCode, Level, Weight`` (COINr's ``Weights$Original``)."""
        rows = [
            (c, lev, self.weight[c])
            for lev in sorted(self.codes_by_level)
            for c in self.codes_by_level[lev]
        ]
        return pd.DataFrame(rows, columns=["iCode", "Level", "Weight"])

    @classmethod
    def from_imeta(cls, imeta: pd.DataFrame) -> Framework:
        """Validate a COINr ``iMeta`` table and build the framework from it."""
        missing = [c for c in REQUIRED_META_COLUMNS if c not in imeta.columns]
        if missing:
            raise ValueError(f"iMeta: missing column(s) {', '.join(missing)}")
        meta = imeta.copy()
        meta["iCode"] = meta["iCode"].astype(str).str.strip()
        dup = meta["iCode"][meta["iCode"].duplicated()].unique().tolist()
        if dup:
            raise ValueError(f"{dup[0]}: duplicate code in iMeta")
        bad_type = meta.loc[~meta["Type"].isin(META_TYPES), "iCode"].tolist()
        if bad_type:
            raise ValueError(f"{bad_type[0]}: Type must be one of {', '.join(META_TYPES)}")
        tree = meta[meta["Type"].isin(["Indicator", "Aggregate"])]
        if tree.empty:
            raise ValueError("iMeta: no rows of Type Indicator")
        codes_by_level: dict[int, list[str]] = {}
        parent: dict[str, str | None] = {}
        weight: dict[str, float] = {}
        direction: dict[str, int] = {}
        denominator: dict[str, str] = {}
        for row in tree.itertuples(index=False):
            code = str(row.iCode)
            level_val = pd.to_numeric(pd.Series([row.Level]), errors="coerce").iloc[0]
            if _is_missing(level_val) or float(level_val) != int(level_val) or int(level_val) < 1:
                raise ValueError(f"{code}: Level must be a positive integer, got {row.Level!r}")
            level = int(level_val)
            if row.Type == "Indicator" and level != 1:
                raise ValueError(f"{code}: an Indicator must have Level 1, got {level}")
            if row.Type == "Aggregate" and level == 1:
                raise ValueError(f"{code}: an Aggregate cannot have Level 1")
            codes_by_level.setdefault(level, []).append(code)
            parent[code] = None if _is_missing(row.Parent) else str(row.Parent).strip()
            w = pd.to_numeric(pd.Series([row.Weight]), errors="coerce").iloc[0]
            if _is_missing(w) or not np.isfinite(w) or w < 0:
                raise ValueError(
                    f"{code}: Weight must be a non-negative number, got {row.Weight!r}"
                )
            weight[code] = float(w)
            d = pd.to_numeric(pd.Series([row.Direction]), errors="coerce").iloc[0]
            if _is_missing(d) and row.Type == "Aggregate":
                d = 1
            if d not in (1, -1):
                raise ValueError(f"{code}: Direction must be 1 or -1, got {row.Direction!r}")
            direction[code] = int(d)
            if "Denominator" in meta.columns and not _is_missing(getattr(row, "Denominator", None)):
                denominator[code] = str(row.Denominator).strip()
        levels = sorted(codes_by_level)
        if levels != list(range(1, levels[-1] + 1)):
            raise ValueError(f"iMeta: levels must run 1..n without gaps, got {levels}")
        top = codes_by_level[levels[-1]]
        _check_tree(parent, codes_by_level, top)
        fw = cls(
            meta=meta.reset_index(drop=True),
            codes_by_level=codes_by_level,
            parent=parent,
            weight=weight,
            direction=direction,
            denominator=denominator,
            groups=meta.loc[meta["Type"] == "Group", "iCode"].tolist(),
            denominators=meta.loc[meta["Type"] == "Denominator", "iCode"].tolist(),
        )
        for agg in fw.aggregates:
            if sum(weight[c] for c in fw.children(agg)) <= 0:
                raise ValueError(f"{agg}: weights of its children sum to zero")
        return fw


def _check_tree(
    parent: Mapping[str, str | None], codes_by_level: Mapping[int, list[str]], top: list[str]
) -> None:
    """Raise ValueError for unknown parents, cycles, orphans and level jumps."""
    level = {c: lev for lev, codes in codes_by_level.items() for c in codes}
    max_level = max(codes_by_level)
    for code, par in parent.items():
        if par is None:
            if level[code] != max_level:
                raise ValueError(f"{code}: has no Parent but is not at the top level (orphan)")
            continue
        if par == code:
            raise ValueError(f"{code}: is its own parent (cycle)")
        if par not in level:
            raise ValueError(f"{code}: Parent {par!r} is not an aggregate in iMeta (orphan)")
    for code in parent:
        seen = {code}
        cur = parent[code]
        while cur is not None:
            if cur in seen:
                raise ValueError(f"{code}: cycle in the hierarchy through {cur}")
            seen.add(cur)
            cur = parent.get(cur)
    for code, par in parent.items():
        if par is not None and level[par] != level[code] + 1:
            raise ValueError(
                f"{code}: Parent {par} is at level {level[par]}, expected {level[code] + 1}"
            )
    if len(top) != 1:
        raise ValueError(f"iMeta: expected one top aggregate, found {', '.join(top)}")
    for lev, codes in codes_by_level.items():
        if lev == 1:
            continue
        for agg in codes:
            if not any(parent[c] == agg for c in codes_by_level[lev - 1]):
                raise ValueError(f"{agg}: aggregate has no children")
