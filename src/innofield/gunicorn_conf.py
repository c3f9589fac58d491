"""gunicorn settings that ``innofield serve`` adds: each new worker warms up.

Without them the first request in every worker process imports every view and API
schema (about 2 s), and its first search also loads the sentence encoder and builds
the catalog engines (about 15 s for the demo catalog on two cores). With them a
worker imports the URL configuration as it starts and builds the engines on a
background thread.
"""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """Import the URL configuration and start the search warm-up (Django is set up)."""
    from django.urls import get_resolver

    from innofield.matchmaking.index import warm_up_in_background

    get_resolver().url_patterns  # noqa: B018 - the attribute access imports the views
    warm_up_in_background()
