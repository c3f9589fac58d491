"""The search index of published profiles: a process-local BM25 ``MatchEngine``.

Only published profiles are indexed, and of each only the parts its person agreed to
show. Before every search the engine is brought in step with the database: profiles no
longer published (consent withdrawn, erased) are removed, changed ones re-indexed. So a
withdrawal takes a profile out of the index at the next search in every process.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from typing import Any

from django.db import connection

from innofield.matching import Document, MatchEngine

from .models import Profile

_lock = threading.Lock()
_engines: dict[str, tuple[MatchEngine, dict[str, str]]] = {}


def document(profile: Profile) -> Document:
    """The indexed text of a published profile: its name and the parts it shows."""
    shown = set(profile.shown)
    fields: dict[str, str] = {"name": profile.name}
    if "fields" in shown:
        fields["fields"] = " ".join(profile.fields)
    if "skills" in shown:
        fields["skills"] = " ".join(profile.skills)
    if "organization" in shown and profile.organization is not None:
        fields["organization"] = profile.organization.name_zh + " " + profile.organization.name_en
    text = profile.bio if "bio" in shown else ""
    return Document(
        id=str(profile.pk),
        title=" ".join(fields.pop("fields", "").split()) or profile.kind,
        text=text,
        fields=fields,
    )


def _key() -> str:
    return connection.alias + str(connection.settings_dict["NAME"])


def engine() -> MatchEngine:
    """The engine over the currently published profiles (synchronised now)."""
    current = {
        str(pk): stamp.isoformat()
        for pk, stamp in Profile.objects.filter(state="published").values_list("pk", "updated")
    }
    with _lock:
        eng, seen = _engines.get(_key(), (None, {}))
        if eng is None:
            eng, seen = MatchEngine(mode="bm25"), {}
        gone = [pk for pk in seen if pk not in current]
        if gone:
            eng.remove(gone)
        stale = [int(pk) for pk, stamp in current.items() if seen.get(pk) != stamp]
        if stale:
            rows = Profile.objects.filter(pk__in=stale).select_related("organization")
            eng.update([document(p) for p in rows])
        _engines[_key()] = (eng, current)
        return eng


def indexed_ids() -> set[str]:
    """The ids of the profiles the synchronised engine holds."""
    return set(engine().documents_)


def search(
    query: str,
    *,
    k: int = 10,
    allowed_ids: Collection[str] | None = None,
    boosts: Mapping[str, float] | None = None,
) -> list[Any]:
    """Rank published profiles for ``query`` (see ``MatchEngine.search``); profiles sharing
    no word with the query are not returned."""
    eng = engine()
    if not len(eng):
        return []
    with _lock:
        found = eng.search(query, k=k, allowed_ids=allowed_ids, boosts=boosts)
    return [r for r in found if r.score > 0]


def forget() -> None:
    """Drop the process-local engines (tests)."""
    with _lock:
        _engines.clear()
