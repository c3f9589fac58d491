"""API schemas of governed data sharing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from innofield.core.schemas import Code, LongText, Memo, Title, WriteSchema


class DataPolicyIn(WriteSchema):
    """A dataset's usage policy; fields left out keep their value."""

    access: Code | None = None
    purposes: list[Title] | None = Field(None, max_length=50)
    max_days: int | None = None
    onward_transfer: bool | None = None
    attribution: Title | None = None
    withheld: list[Title] | None = Field(None, max_length=50)
    min_cell: int | None = None
    cross_border: bool | None = None


class DataPolicyOut(Schema):
    """A dataset's usage policy."""

    dataset: int
    access: str
    purposes: list[str]
    max_days: int
    onward_transfer: bool
    attribution: str
    withheld: list[str]
    min_cell: int
    cross_border: bool


class TableIn(WriteSchema):
    """The dataset's content as CSV text (header first)."""

    csv: LongText = Field(max_length=5_000_000)


class TableOut(Schema):
    """What was loaded."""

    dataset: int
    columns: list[str]
    rows: int


class AggregateIn(WriteSchema):
    """A group-statistics query."""

    group_by: list[Title] = Field(min_length=1, max_length=3)
    stat: Code = "count"
    measure: Title | None = None


class AgreementIn(WriteSchema):
    """A request for access on behalf of an organisation."""

    organization: Code
    purpose: Title
    days: int


class DecisionIn(WriteSchema):
    """A note with an agreement transition."""

    note: Memo = ""


class AgreementOut(Schema):
    """An agreement and its state."""

    id: int
    dataset: int
    requester: str
    purpose: str
    days: int
    state: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    note: str


class RowsOut(Schema):
    """One page of released rows."""

    count: int
    columns: list[str]
    items: list[dict[str, Any]]


class AggregateOut(Schema):
    """Group statistics with suppressed small cells."""

    group_by: list[str]
    stat: str
    measure: str | None
    min_cell: int
    suppressed: int
    groups: list[dict[str, Any]]
