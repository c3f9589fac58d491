"""Account-code conventions shared by every app that moves money."""

from __future__ import annotations

from typing import Any


def organization_account(org: Any) -> str:
    """The code of an organization's own account: ``ORG-<organization code>``."""
    return f"ORG-{org.code}"
