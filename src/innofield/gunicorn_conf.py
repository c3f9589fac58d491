"""gunicorn settings that ``innofield serve`` adds: each new worker warms up.

Without them the first request in every worker process imports every view and API
schema (about 2 s), and its first search also loads the sentence encoder and builds
the catalog engines (about 15 s for the demo catalog on two cores). With them a
worker imports the URL configuration as it starts and builds the engines on a
background thread.
"""

from __future__ import annotations

from typing import Any


def warm_urls() -> None:
    """Import the URL configuration (every view and API schema) and build the reverse
    lookup of each language, which the first page would otherwise do (about 0.5 s)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    def populate(resolver: Any) -> None:
        resolver.reverse_dict  # noqa: B018 - builds the lookup of the active language
        for _prefix, inner in resolver.namespace_dict.values():
            populate(inner)

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - the attribute access imports the views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            populate(resolver)


def post_worker_init(worker: Any) -> None:
    """Import the URL configuration and start the search warm-up (Django is set up)."""
    from innofield.matchmaking.index import warm_up_in_background

    warm_urls()
    warm_up_in_background()
