"""Template helpers of background jobs: ``{% may_start_job "dashboards.refresh" as can %}``."""

from __future__ import annotations

from typing import Any

from django import template

from innofield.core.errors import InnofieldError
from innofield.jobs.registry import KINDS

register = template.Library()


@register.simple_tag(takes_context=True)
def may_start_job(context: dict[str, Any], kind: str) -> bool:
    """True if the page's user may start a job of ``kind`` (to show its button)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    spec = KINDS.get(kind)
    if spec is None or user is None or not user.is_authenticated:
        return False
    try:
        spec.check(user)
    except InnofieldError:
        return False
    return True
