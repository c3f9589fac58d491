"""The one validation path for request bodies.

Every write endpoint's body derives from :class:`WriteSchema`: unknown fields are refused
(422 naming them) instead of silently ignored, and text anywhere in the body may not hold
NUL characters. Field types for the recurring kinds of value live here too, so each app
says "an amount of money" or "a short text" once, the same way:

* :data:`Fen` — money, a JSON integer (``true`` and ``"100"`` are refused) in
  ``0 … MAX_FEN``; :data:`PositiveFen` above zero;
* :data:`Code`, :data:`Title`, :data:`Memo`, :data:`LongText` — stripped strings of at
  most 80, 300, 2,000 and 50,000 characters (longer is refused, never cut); build other
  lengths with ``Annotated[str, StringConstraints(max_length=N)]``;
* :data:`Count` — a strict non-negative integer;
* :data:`JsonObject` — a JSON object nested at most ``MAX_JSON_DEPTH`` levels.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    model_validator,
)

#: The largest amount of money the platform handles: 10^15 fen = 10 trillion yuan.
MAX_FEN = 10**15
#: The deepest nesting allowed in free-form JSON fields.
MAX_JSON_DEPTH = 20

Fen = Annotated[StrictInt, Field(ge=0, le=MAX_FEN, description="amount in fen (1/100 yuan)")]
PositiveFen = Annotated[StrictInt, Field(gt=0, le=MAX_FEN, description="amount in fen, > 0")]
Count = Annotated[StrictInt, Field(ge=0, le=2**31 - 1)]


Code = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Memo = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2_000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50_000)]


def json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """Nesting depth of ``value`` (a scalar is 0); stops counting once past ``limit``."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth) for child in children)
    return deepest


def _shallow(value: dict[str, Any]) -> dict[str, Any]:
    if json_depth(value) > MAX_JSON_DEPTH:
        raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    return value


JsonObject = Annotated[dict[str, Any], AfterValidator(_shallow)]


def _nul_paths(value: Any, path: str = "") -> list[str]:
    if isinstance(value, str):
        return [path or "body"] if "\x00" in value else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nul_paths(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_paths(v, f"{path}.{i}")]
    return []


class WriteSchema(Schema):
    """Base of every request body: unknown fields and NUL characters are refused."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if isinstance(data, dict) and json_depth(data, MAX_JSON_DEPTH + 5) <= MAX_JSON_DEPTH + 5:
            bad = _nul_paths(data)
            if bad:
                raise ValueError(f"{', '.join(bad[:5])}: text may not contain NUL characters")
        return data
