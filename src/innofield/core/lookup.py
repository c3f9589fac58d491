"""One way to fetch the object a request names: from what the actor may see, or 404 naming it."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from .errors import NotFound

M = TypeVar("M", bound=Model)


def get_visible(
    qs: QuerySet[M], pk: Any, what: str | None = None, *, lock: bool = False, by: str = "pk"
) -> M:
    """The row ``pk`` of ``qs`` (a queryset already cut to what the actor may see), locked
    ``FOR UPDATE`` if asked; :class:`NotFound` saying "no <what> with id <pk>" otherwise —
    the same answer whether the row is missing or hidden, so ids leak nothing. ``by`` names
    another unique field to look up by (e.g. ``"code"``: "no region with code 'X'")."""
    rows = qs.select_for_update() if lock else qs
    row = rows.filter(**{by: pk}).first()
    if row is None:
        name = what or qs.model._meta.verbose_name
        raise NotFound(f"no {name} with id {pk}" if by == "pk" else f"no {name} with {by} {pk!r}")
    return row
