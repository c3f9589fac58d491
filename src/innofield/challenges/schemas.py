"""API schemas of open innovation challenges (money in fen)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from innofield.core.api import PageOf
from innofield.core.schemas import Code, Count, LongText, Memo, PositiveFen, Title, WriteSchema


class CriterionIn(WriteSchema):
    """A published judging criterion: weight in percent (all add up to 100), scores
    from 0 to ``max``."""

    name: Code
    label: Title = ""
    weight: Count
    max: Count = 10


class ChallengeIn(WriteSchema):
    """A new challenge (draft) of ``poster`` (an organisation code); ``judges`` are user
    names; eligibility: ``regions`` (codes), ``org_types``, ``foreign_allowed``."""

    poster: Code
    title: Title
    description: LongText
    criteria: list[CriterionIn] = Field(max_length=10)
    prize_fen: PositiveFen
    deadline: dt.datetime
    judges: list[Code] = Field(max_length=9)
    award_deadline: dt.datetime | None = None
    min_score: Count = 60
    regions: list[Code] = Field(default_factory=list, max_length=100)
    org_types: list[Code] = Field(default_factory=list, max_length=20)
    foreign_allowed: bool = True


class SubmissionIn(WriteSchema):
    """A solution from ``solver`` (an organisation code you belong to)."""

    solver: Code
    title: Title
    text: LongText


class ScoreIn(WriteSchema):
    """A judge's score per criterion name, within each criterion's range."""

    scores: dict[Code, float] = Field(max_length=10)
    comment: Memo = ""


class AwardIn(WriteSchema):
    """One winning submission and its part of the prize."""

    submission: Count
    amount_fen: PositiveFen


class AwardsIn(WriteSchema):
    """The winners (split allowed); what is not awarded goes back to the poster."""

    awards: list[AwardIn] = Field(max_length=10)


class NoteIn(WriteSchema):
    """Why a submission is disqualified."""

    note: Memo


class CriterionOut(Schema):
    """A judging criterion."""

    name: str
    label: str
    weight: int
    max: int


class WinnerOut(Schema):
    """An award."""

    submission: int
    solver: str
    solver_name: str
    amount_fen: int


class ChallengeOut(Schema):
    """A challenge."""

    id: int
    poster: str
    poster_name: str
    title: str
    description: str
    criteria: list[CriterionOut]
    min_score: int
    prize_fen: int
    escrow_fen: int
    returned_fen: int
    regions: list[str]
    org_types: list[str]
    foreign_allowed: bool
    deadline: dt.datetime
    award_deadline: dt.datetime
    state: str
    judges: list[str]
    submissions: int
    winners: list[WinnerOut]
    synthetic: bool


ChallengePage = PageOf[ChallengeOut]


class SubmissionOut(Schema):
    """A submission, with the judges' mean weighted score where the caller may see it."""

    id: int
    challenge: int
    solver: str
    solver_name: str
    title: str
    text: str
    has_attachment: bool
    state: str
    note: str
    scored_by: int | None = None
    mean_score: float | None = None


class ScoreOut(Schema):
    """A judge's scores of a submission."""

    submission: int
    judge: str
    scores: dict[str, float]
    total: float
    comment: str


class SuggestedItemOut(Schema):
    """A catalog item that made the engine suggest its owner."""

    item: int
    kind: str
    title: str
    rank: int
    score: float
    matched_terms: list[str]
    bm25_rank: int | None = None
    cosine_rank: int | None = None


class SuggestionOut(Schema):
    """An eligible organisation the matching engine finds relevant, and why."""

    organization: str
    name: str
    type: str
    region: str
    score: float
    items: list[SuggestedItemOut]
