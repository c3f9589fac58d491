"""Searches and matches: structured filters in SQL, ranking by the matching engine."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from innofield.catalog import queries as catalog_queries
from innofield.catalog.models import Demand, Item
from innofield.core.errors import NotFound, ValidationFailed
from innofield.core.permissions import Actor
from innofield.matching.slots import SlotFilter

from . import index
from .documents import demand_query, item_query
from .models import Feedback, Lever

CROSS_REGION = "prefer_cross_region"


@dataclass(frozen=True)
class Filters:
    """Structured filters applied before ranking."""

    kind: str | None = None
    region: str | None = None
    organization_type: str | None = None
    price_min_fen: int | None = None
    price_max_fen: int | None = None
    trl_min: int | None = None
    trl_max: int | None = None

    def apply(self, qs: QuerySet[Item]) -> QuerySet[Item]:
        """The items of ``qs`` that pass every filter."""
        if self.organization_type:
            qs = qs.filter(owner__type=self.organization_type)
        if self.price_min_fen is not None:
            qs = qs.filter(price_fen__gte=self.price_min_fen)
        if self.price_max_fen is not None:
            qs = qs.filter(price_fen__lte=self.price_max_fen)
        if self.trl_min is not None:
            qs = qs.filter(trl__gte=self.trl_min)
        if self.trl_max is not None:
            qs = qs.filter(trl__lte=self.trl_max)
        return qs

    def active(self) -> dict[str, Any]:
        """The filters that are set, for explanations."""
        return {k: str(v) for k, v in self.__dict__.items() if v is not None}


def lever_weight(override: float | None = None) -> float:
    """The cross-regional lever: the request's override, else the platform setting (default 0)."""
    if override is not None:
        if not 0.0 <= override <= 1.0:
            raise ValidationFailed.single("cross_region", gettext("must lie between 0 and 1"))
        return override
    lever = Lever.objects.filter(name=CROSS_REGION).first()
    return lever.weight if lever else 0.0


def _province(level: str, region_id: int, parent_id: int | None) -> int | None:
    return parent_id if level in ("city", "district") else region_id


def _allowed_ids(
    target: str, allowed: QuerySet[Any], weight: float, home: Any
) -> tuple[list[str] | None, dict[str, float]]:
    """The ids of the ``allowed`` rows from SQL (None: every row the engine holds) and the
    cross-region boosts of those outside ``home``'s province (with the lever on).

    ``allowed`` rows are always active ones, so they are a subset of what the engine
    holds; when there are as many, they are all of it and the engine needs no id list
    (fetching every id is what an unfiltered search at 100k items would spend its time on).
    """
    boosts: dict[str, float] = {}
    ids: list[str] | None
    if not weight and allowed.order_by().count() == index.size(target):
        ids = None
    elif weight and home is not None:
        places = allowed.values_list("pk", "region__level", "region_id", "region__parent_id")
        mine = _province(home.level, home.pk, home.parent_id)
        ids = []
        for pk, level, region_id, parent_id in places:
            ids.append(str(pk))
            if _province(level, region_id, parent_id) != mine:
                boosts[str(pk)] = weight
    else:
        ids = [str(pk) for pk in allowed.order_by().values_list("pk", flat=True)]
    return ids, boosts


#: Compiled filters and cross-region boosts of recent searches whose allowed rows do not
#: depend on the actor, by (engine version, target, filters, lever, home province): a
#: search with a filter it has seen since the last index change fetches no ids from SQL
#: and hashes none (``MatchEngine.compile_filter``). Bounded by entries and by the ids
#: they hold (≈ 80 bytes each: a 30 % filter at 1M items holds 300,000).
_FILTERS: OrderedDict[tuple[Any, ...], tuple[SlotFilter | None, dict[str, float]]] = OrderedDict()
_FILTERS_SIZE = 256
_FILTERS_IDS = 1_000_000
_filters_held = 0  # ids (allowed ones and boosted ones) the entries hold together
_filters_lock = threading.Lock()


def _held(entry: tuple[SlotFilter | None, dict[str, float]]) -> int:
    return (len(entry[0]) if entry[0] is not None else 0) + len(entry[1])


def public_when_active(target: str) -> bool:
    """Whether ``target``'s active rows are exactly its public ones, so that every actor
    (anonymous, member, platform admin) may see all of them and none other active ones:
    then a search's allowed rows depend on its filters only, and may be shared."""
    model: Any = Item if target == "item" else Demand
    statuses = list(index.ACTIVE[target])
    active = Q(status=statuses[0]) if len(statuses) == 1 else Q(status__in=statuses)
    return bool(getattr(model, "permission_public", None) == active)


def _filter_cache_on() -> bool:
    """Setting ``INNOFIELD_SEARCH_FILTER_CACHE`` (on by default; benchmarks turn it off to
    time the per-request path)."""
    return bool(getattr(settings, "INNOFIELD_SEARCH_FILTER_CACHE", True))


def _compiled(
    target: str, allowed: QuerySet[Any], weight: float, home: Any, shared: tuple[Any, ...]
) -> tuple[SlotFilter | None, dict[str, float]]:
    """:func:`_allowed_ids` compiled and cached per process for the filter combination
    ``shared`` (the allowed rows being the same for every actor), until the index changes.

    The key holds :func:`index.version`, which changes with every catalog change the engine
    replays, so an item added, edited, moved or retired is seen by the next search. The
    boosts follow ``home`` through its province (the lever's unit), not the region itself.
    """
    province = None
    if weight and home is not None:
        province = _province(home.level, home.pk, home.parent_id)
    key = (index.version(target), target, shared, weight, province)
    global _filters_held
    with _filters_lock:
        entry = _FILTERS.get(key)
        if entry is not None:
            _FILTERS.move_to_end(key)
            return entry
    ids, boosts = _allowed_ids(target, allowed, weight, home)
    entry = (index.compile_filter(target, ids) if ids is not None else None, boosts)
    with _filters_lock:
        if key not in _FILTERS:
            # entries of an older state of this engine can no longer be hit: drop them now
            # (versions are (database, target, generation, last change), growing)
            version = key[0]
            for old in [k for k in _FILTERS if k[0][:2] == version[:2] and k[0] < version]:
                _filters_held -= _held(_FILTERS.pop(old))
            _FILTERS[key] = entry
            _filters_held += _held(entry)
            while len(_FILTERS) > 1 and (
                len(_FILTERS) > _FILTERS_SIZE or _filters_held > _FILTERS_IDS
            ):
                _filters_held -= _held(_FILTERS.popitem(last=False)[1])
    return entry


def forget_filters() -> None:
    """Drop the cached filters (tests; the cache also expires with every index change)."""
    global _filters_held
    with _filters_lock:
        _FILTERS.clear()
        _filters_held = 0


def _hits(
    target: str,
    query: str,
    allowed: QuerySet[Any],
    k: int,
    weight: float,
    home: Any,
    explain: bool = True,
    shared: tuple[Any, ...] | None = None,
) -> tuple[list[Any], dict[str, float]]:
    """The engine's top ``k`` among the ``allowed`` rows and the boosts given.

    ``shared`` names the filter combination when the allowed rows are the same for every
    actor (:func:`public_when_active`): their compiled filter is then reused from
    :func:`_compiled`; otherwise (None) the ids come from SQL for this request.
    """
    ids: Sequence[str] | SlotFilter | None
    if shared is not None and _filter_cache_on():
        ids, boosts = _compiled(target, allowed, weight, home, shared)
    else:
        ids, boosts = _allowed_ids(target, allowed, weight, home)
    if ids is not None and not len(ids):
        return [], boosts
    try:
        results = index.search(
            target, query, k=k, allowed_ids=ids, boosts=boosts or None, explain=explain
        )
    except ValueError as exc:
        field, _, reason = str(exc).partition(": ")
        raise ValidationFailed.single("q" if field == "query" else field, reason) from None
    return results, boosts


def _ranked(
    target: str,
    query: str,
    allowed: QuerySet[Any],
    k: int,
    weight: float,
    home: Any,
    explain: bool = True,
    shared: tuple[Any, ...] | None = None,
) -> list[dict[str, Any]]:
    """Rank among the ``allowed`` rows (see :func:`_hits`), then load only the top ``k``."""
    results, boosts = _hits(target, query, allowed, k, weight, home, explain, shared)
    if not results:
        return []
    top = allowed.model.objects.select_related("owner", "region").in_bulk(
        [int(r.id) for r in results]
    )
    rows = {str(pk): row for pk, row in top.items()}
    out = []
    for r in results:
        why = r.explanation.as_dict()
        if weight:
            why["levers"][CROSS_REGION] = weight if r.id in boosts else 0.0
        out.append({"object": rows[r.id], "score": r.score, "rank": r.rank, "explanation": why})
    return out


def search(
    actor: Actor,
    q: str,
    filters: Filters,
    k: int = 10,
    cross_region: float | None = None,
    home_region: Any = None,
) -> list[dict[str, Any]]:
    """Items ranked for a free-text query, among those the actor may see that pass ``filters``."""
    allowed, shared = _searchable(actor, filters)
    results = _ranked("item", q, allowed, k, lever_weight(cross_region), home_region, True, shared)
    for r in results:
        r["explanation"]["filters"] = filters.active()
    return results


def _searchable(actor: Actor, filters: Filters) -> tuple[QuerySet[Item], tuple[Any, ...] | None]:
    """The active items ``actor`` may see that pass ``filters``, and the key under which
    their compiled filter is shared between actors (None when the rows depend on the actor;
    then they are the actor's own)."""
    shared = None
    if public_when_active("item"):
        shared = ("filters", tuple(sorted(filters.active().items())))
        actor = None  # the public rows: the same for everyone, as the check says
    allowed = filters.apply(
        catalog_queries.items(actor, kind=filters.kind, region=filters.region, status="active")
    )
    return allowed, shared


SEARCH_LIMIT = 200  # ranked hits a search page counts and pages through

#: Hit counts of recent search pages by (engine version, query, filters, lever): paging
#: through a query, or many people searching the same words, counts once per index change.
_COUNTS: OrderedDict[tuple[Any, ...], int] = OrderedDict()
_COUNTS_SIZE = 1024
_counts_lock = threading.Lock()


def _count_hits(
    q: str,
    filters: Filters,
    allowed: QuerySet[Any],
    weight: float,
    shared: tuple[Any, ...] | None = None,
) -> int:
    """How many items a search page finds (at most ``SEARCH_LIMIT``), cached per index state.

    The allowed rows are the active items passing ``filters`` for any actor (active items
    are public), so the count depends on the query, the filters, the lever and the index
    only; an index change (any catalog write) gives a new key. Counting needs the engine's
    hits only, not the rows.
    """
    key = (index.version("item"), q, tuple(sorted(filters.active().items())), weight)
    with _counts_lock:
        if key in _COUNTS:
            _COUNTS.move_to_end(key)
            return _COUNTS[key]
    total = len(_hits("item", q, allowed, SEARCH_LIMIT, weight, None, False, shared)[0])
    with _counts_lock:
        _COUNTS[key] = total
        while len(_COUNTS) > _COUNTS_SIZE:
            _COUNTS.popitem(last=False)
    return total


def search_page(
    actor: Actor, q: str, filters: Filters, page: int = 1, per_page: int = 20
) -> tuple[list[dict[str, Any]], int, int]:
    """One page of :func:`search`, how many items were found (at most ``SEARCH_LIMIT``:
    every item that matches a query word, and the closest ones by meaning) and the page
    number shown (a page beyond the last shows the last)."""
    allowed, shared = _searchable(actor, filters)
    weight = lever_weight()
    total = _count_hits(q, filters, allowed, weight, shared)
    if total == 0:
        return [], 0, 1
    page = min(page, -(-total // per_page))  # beyond the last page: the last page
    start = (page - 1) * per_page
    results = _ranked("item", q, allowed, min(start + per_page, total), weight, None, True, shared)
    for r in results:
        r["explanation"]["filters"] = filters.active()
    return results[start:], total, page


def match_demand(
    actor: Actor, demand_id: int, filters: Filters, k: int = 10, cross_region: float | None = None
) -> tuple[Demand, list[dict[str, Any]]]:
    """Items that meet a demand, ranked; the lever favours providers outside its province."""
    demand = catalog_queries.demands(actor).filter(pk=demand_id).first()
    if demand is None:
        raise NotFound(gettext("no demand with id %(id)s") % {"id": demand_id})
    return demand, search(actor, demand_query(demand), filters, k, cross_region, demand.region)


def match_item(
    actor: Actor, item_id: int, k: int = 10, cross_region: float | None = None
) -> tuple[Item, list[dict[str, Any]]]:
    """The reverse direction: open demands an item answers, ranked."""
    item = catalog_queries.items(actor).filter(pk=item_id).first()
    if item is None:
        raise NotFound(gettext("no item with id %(id)s") % {"id": item_id})
    shared = ("all",) if public_when_active("demand") else None
    allowed = catalog_queries.demands(None if shared else actor).filter(
        status__in=index.ACTIVE["demand"]
    )
    weight = lever_weight(cross_region)
    results = _ranked("demand", item_query(item), allowed, k, weight, item.region, True, shared)
    return item, results


def feedback_counts(demand_id: int | None = None) -> dict[str, int]:
    """How often each verdict was given, overall or for one demand."""
    qs = Feedback.objects.all()
    if demand_id is not None:
        qs = qs.filter(demand_id=demand_id)
    counts = {v: 0 for v in Feedback.Verdict.values}
    counts.update(
        dict(qs.values_list("verdict").annotate(n=Count("id")).values_list("verdict", "n"))
    )
    return counts


def verdicts_for(actor: Actor, demand_id: int) -> dict[int, str]:
    """The actor's own verdicts on a demand's matches, by item id."""
    if actor is None or not actor.is_authenticated:
        return {}
    rows = Feedback.objects.filter(Q(demand_id=demand_id) & Q(user_id=actor.pk))
    return dict(rows.values_list("item_id", "verdict"))
