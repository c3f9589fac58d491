"""The rules of a challenge that need no transaction: criteria and their weights, scores
within the criteria's ranges, the weighted total, and who is eligible to solve.

Each check returns ``(field, reason)`` pairs (empty: allowed), so actions can report
every problem at once and name the field.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from innofield.core.countries import HOME
from innofield.registry.models import Organization, Region

#: Home country of the platform: organisations in another country are foreign.
HOME_COUNTRY = HOME
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_CRITERIA = 10
MAX_POINTS = 100
Problems = list[tuple[str, str]]


def clean_criteria(criteria: Any) -> tuple[list[dict[str, Any]], Problems]:
    """The criteria as stored (``name, label, weight, max``) and the problems found:
    1–10 criteria, names unique (lower-case letters, digits, ``_``), whole-number
    weights above 0 summing to 100, and a maximum score from 1 to 100."""
    problems: Problems = []
    if not isinstance(criteria, list) or not 1 <= len(criteria) <= MAX_CRITERIA:
        return [], [("criteria", f"give 1 to {MAX_CRITERIA} criteria")]
    out, seen = [], set()
    for n, c in enumerate(criteria):
        where = f"criteria.{n}"
        if not isinstance(c, dict):
            problems.append((where, "each criterion is an object with name, weight and max"))
            continue
        name = str(c.get("name") or "").strip()
        weight, top = c.get("weight"), c.get("max", 10)
        if not NAME.match(name):
            problems.append((f"{where}.name", "lower-case letters, digits and _, at most 40"))
        elif name in seen:
            problems.append((f"{where}.name", f"{name!r} is named twice"))
        seen.add(name)
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            problems.append((f"{where}.weight", "a whole percentage from 1 to 100"))
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_POINTS:
            problems.append((f"{where}.max", f"the highest score, from 1 to {MAX_POINTS}"))
        label = str(c.get("label") or name).strip()[:200]
        out.append({"name": name, "label": label, "weight": weight, "max": top})
    if not problems and sum(c["weight"] for c in out) != 100:
        total = sum(c["weight"] for c in out)
        problems.append(("criteria", f"the weights add up to {total}, not 100"))
    return out, problems


def check_scores(criteria: list[dict[str, Any]], scores: Any) -> Problems:
    """Every criterion scored once, each score a number from 0 to the criterion's max."""
    if not isinstance(scores, dict):
        return [("scores", "an object with one score per criterion")]
    names = {c["name"] for c in criteria}
    problems: Problems = [
        (f"scores.{k}", "is not a criterion") for k in sorted(set(scores) - names)
    ]
    for c in criteria:
        value = scores.get(c["name"])
        field = f"scores.{c['name']}"
        if value is None:
            problems.append((field, "is not scored"))
        elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            problems.append((field, "must be a number"))
        elif not 0 <= value <= c["max"]:
            problems.append((field, f"must be from 0 to {c['max']} (the criterion's range)"))
    return problems


def weighted_total(criteria: list[dict[str, Any]], scores: dict[str, Any]) -> Decimal:
    """Σ weight × score / max over the criteria: 0 (nothing) to 100 (full marks)."""
    total = sum(
        (Decimal(c["weight"]) * Decimal(str(scores[c["name"]])) / Decimal(c["max"]))
        for c in criteria
    )
    return Decimal(total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def lineage(region: Region) -> list[Region]:
    """``region`` and every region above it, nearest first."""
    out = [region]
    while out[-1].parent_id is not None and len(out) < 10:
        out.append(out[-1].parent)  # type: ignore[arg-type]
    return out


def is_foreign(org: Organization) -> bool:
    """Foreign solvers: foreign-funded R&D centres and organisations outside China
    (``Organization.country`` other than the home country)."""
    if org.type == Organization.Type.FOREIGN_RD_CENTRE:
        return True
    return org.country != HOME_COUNTRY


def eligibility(challenge: Any, org: Organization) -> Problems:
    """Why ``org`` may not solve ``challenge`` (empty: it may), on field ``solver``."""
    foreign = is_foreign(org)
    if foreign and not challenge.foreign_allowed:
        return [("solver", "this challenge is open to domestic solvers only")]
    if challenge.org_types and org.type not in challenge.org_types:
        return [
            (
                "solver",
                f"organisations of type {org.type} are not eligible; eligible types: "
                f"{', '.join(challenge.org_types)}",
            )
        ]
    if challenge.regions and not foreign:
        codes = {r.code for r in lineage(org.region)}
        if not codes & set(challenge.regions):
            return [
                (
                    "solver",
                    f"{org.code}'s region {org.region.code} is not eligible; eligible regions: "
                    f"{', '.join(challenge.regions)}",
                )
            ]
    return []


def check_eligibility_terms(regions: Any, org_types: Any) -> tuple[list[str], list[str], Problems]:
    """Known region codes and organisation types (as stored) and the problems."""
    problems: Problems = []
    regions = [str(r).strip() for r in (regions or [])]
    org_types = [str(t).strip() for t in (org_types or [])]
    known = set(Region.objects.filter(code__in=regions).values_list("code", flat=True))
    for n, code in enumerate(regions):
        if code not in known:
            problems.append((f"regions.{n}", f"no region {code!r}"))
    for n, kind in enumerate(org_types):
        if kind not in Organization.Type.values:
            problems.append((f"org_types.{n}", f"no organisation type {kind!r}"))
    return sorted(set(regions)), sorted(set(org_types)), problems
