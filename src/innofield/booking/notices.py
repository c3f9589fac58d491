"""Notifications stored as a message key and its values, said in the reader's language.

:func:`notify` records one (inside the action's transaction): the untranslated text
(marked with ``gettext_noop`` where it is written, so the catalogue has it), its
values, and the English wording for e-mail and old readers. :func:`render` says it
again in the active language when someone reads it.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from .models import Booking, Notification

#: Values that are words of the interface (translated when shown), not data.
WORDS = frozenset({"kind"})


def render(text: str, params: dict[str, Any]) -> str:
    """``text`` in the active language with ``params`` filled in; words among the values
    (:data:`WORDS`) are translated too. A text whose places do not match its values is
    shown untranslated rather than half-filled."""
    values = {k: gettext(v) if k in WORDS and isinstance(v, str) else v for k, v in params.items()}
    try:
        return gettext(text) % values
    except (KeyError, TypeError, ValueError):
        return text


def notify(
    user_id: int,
    kind: str,
    booking: Booking | None,
    text: str,
    /,
    **params: str | int,
) -> Notification:
    """Record a notification for ``user_id``: ``text`` (untranslated, with ``%(name)s``
    places) and ``params``; the English wording is kept in ``message``."""
    with translation.override("en"):
        message = render(text, params)
    return Notification.objects.create(
        user_id=user_id,
        kind=kind,
        booking=booking,
        message=message[:500],
        text=text[:500],
        params=params,
    )
