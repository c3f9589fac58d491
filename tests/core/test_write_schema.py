"""The one validation path for request bodies (innofield.core.schemas)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from innofield.core.schemas import (
    MAX_JSON_DEPTH,
    JsonObject,
    Memo,
    PositiveFen,
    WriteSchema,
    json_depth,
)


class Body(WriteSchema):
    amount: PositiveFen
    memo: Memo = ""
    meta: JsonObject | None = None


def nested(levels: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(levels - 1):
        node["a"] = {}
        node = node["a"]
    return root


def fields_of(exc: ValidationError) -> list[str]:
    return [".".join(str(p) for p in e["loc"]) for e in exc.errors()]


def test_a_valid_body_passes_and_strips_text() -> None:
    body = Body.model_validate({"amount": 5, "memo": "  paid  "})
    assert (body.amount, body.memo) == (5, "paid")


@pytest.mark.parametrize("amount", [True, "100", 1.5, 0, -1, 10**16])
def test_money_must_be_a_positive_json_integer(amount: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        Body.model_validate({"amount": amount})
    assert fields_of(exc.value) == ["amount"]


def test_unknown_fields_are_refused_by_name() -> None:
    with pytest.raises(ValidationError) as exc:
        Body.model_validate({"amount": 5, "actor_id": 1})
    assert fields_of(exc.value) == ["actor_id"]


def test_long_text_is_refused_not_cut() -> None:
    with pytest.raises(ValidationError) as exc:
        Body.model_validate({"amount": 5, "memo": "x" * 2_001})
    assert fields_of(exc.value) == ["memo"]


def test_nul_characters_are_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="meta.note: text may not contain NUL"):
        Body.model_validate({"amount": 5, "meta": {"note": "a\x00b"}})


def test_json_nesting_is_bounded() -> None:
    assert json_depth(nested(MAX_JSON_DEPTH)) == MAX_JSON_DEPTH
    Body.model_validate({"amount": 5, "meta": nested(MAX_JSON_DEPTH)})
    with pytest.raises(ValidationError) as exc:
        Body.model_validate({"amount": 5, "meta": nested(MAX_JSON_DEPTH + 1)})
    assert fields_of(exc.value) == ["meta"]
    # Far deeper than Python's recursion limit: refused, not a RecursionError.
    with pytest.raises(ValidationError):
        Body.model_validate({"amount": 5, "meta": nested(5_000)})
