"""Request and response bodies of the jobs API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from innofield.core.api import PageOf
from innofield.core.schemas import Code, JsonObject, WriteSchema


class JobIn(WriteSchema):
    """A job to start: a registered kind and its parameters."""

    kind: Code
    params: JsonObject = Field(default_factory=dict)


class JobOut(Schema):
    """A job as its owner sees it: state, progress, and the result or the error."""

    id: int
    kind: str
    owner: str | None = Field(None, validation_alias="owner.username")
    organization_id: int | None
    params: dict[str, Any]
    state: str
    progress_done: int
    progress_total: int | None
    progress_message: str
    percent: int | None
    result: Any = None
    error: str
    attempts: int
    max_attempts: int
    task_id: str
    created: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


#: One page of jobs.
JobPage = PageOf[JobOut]


class KindOut(Schema):
    """A kind of job the API may start."""

    name: str
    label: str
