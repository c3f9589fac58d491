"""The registry of job kinds: ``@job_kind("dashboards.refresh")`` on ``fn(job, **params)``.

Each app declares its kinds in its own ``jobs.py`` (found by :class:`~.apps.JobsConfig`).
A kind names who may submit it (``allowed(actor)`` raising ``PermissionDenied``; platform
admins only by default), the schema of its parameters, how many attempts it gets and
whether the REST API may submit it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from pydantic import ValidationError

from innofield.core.errors import FieldError, NotAuthenticated, PermissionDenied, ValidationFailed
from innofield.core.permissions import Actor, is_platform_admin
from innofield.core.schemas import WriteSchema

logger = logging.getLogger(__name__)


def admins_only(actor: Actor) -> None:
    """The default rule: platform admins (and the system, ``actor=None``) may submit."""
    if actor is None or is_platform_admin(actor):
        return
    if not actor.is_authenticated:
        raise NotAuthenticated("you must log in to start a job")
    raise PermissionDenied("only platform admins may start this kind of job")


@dataclass(frozen=True)
class JobKind:
    """A kind of background job and the rules for submitting it."""

    name: str
    func: Callable[..., Any]
    label: str | Promise
    allowed: Callable[[Actor], None]
    params: type[WriteSchema] | None
    max_attempts: int | None
    api: bool

    def check(self, actor: Actor) -> None:
        """Raise ``PermissionDenied`` naming the rule unless ``actor`` may submit this kind."""
        self.allowed(actor)

    def clean(self, params: dict[str, Any] | None) -> dict[str, Any]:
        """Validated parameters as JSON; ``ValidationFailed`` naming ``params.<field>``."""
        params = params or {}
        if self.params is None:
            if params:
                raise ValidationFailed.single(
                    "params", f"the job kind {self.name} takes no parameters"
                )
            return {}
        try:
            return self.params.model_validate(params).model_dump(mode="json")
        except ValidationError as exc:
            raise ValidationFailed(
                [
                    FieldError(
                        ".".join(["params", *(str(p) for p in e.get("loc", ()))]),
                        e.get("msg", "invalid"),
                    )
                    for e in exc.errors()
                ]
            ) from exc

    def attempts(self) -> int:
        """How many times a failing job of this kind is tried in all."""
        default = int(getattr(settings, "INNOFIELD_JOBS_MAX_ATTEMPTS", 3))
        return max(1, self.max_attempts if self.max_attempts is not None else default)


KINDS: dict[str, JobKind] = {}


def _where(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def job_kind(
    name: str,
    *,
    label: str | Promise = "",
    allowed: Callable[[Actor], None] = admins_only,
    params: type[WriteSchema] | None = None,
    max_attempts: int | None = None,
    api: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn(job, **params)`` as the job kind ``name`` (e.g. ``"dashboards.refresh"``).

    ``fn`` reports progress with ``job.progress(done, total, message)`` and returns a JSON
    value kept as the job's result. Registering a name twice is an error.
    """

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        old = KINDS.get(name)
        if old is not None and _where(old.func) != _where(fn):
            raise ValueError(f"job kind {name!r} is already registered by {_where(old.func)}")
        KINDS[name] = JobKind(
            name=name,
            func=fn,
            label=label or name,
            allowed=allowed,
            params=params,
            max_attempts=max_attempts,
            api=api,
        )
        return fn

    return register


def get_kind(name: str) -> JobKind:
    """The registered kind ``name``; ``ValidationFailed`` on ``kind`` listing the known ones."""
    kind = KINDS.get(name)
    if kind is None:
        known = ", ".join(sorted(KINDS)) or "none"
        raise ValidationFailed.single("kind", f"no job kind {name!r} (known: {known})")
    return kind


#: Functions run once when a worker starts, before it takes a job (see ``on_worker_start``).
STARTUP: list[Callable[[], object]] = []


def on_worker_start(fn: Callable[[], object]) -> Callable[[], object]:
    """Register ``fn()`` to run when a jobs worker starts, before its first job: work a
    job kind would otherwise pay on its first run in the worker (loading a compiled
    kernel, say). Registering the same function twice keeps one."""
    if all(_where(old) != _where(fn) for old in STARTUP):
        STARTUP.append(fn)
    return fn


def run_startup() -> None:
    """Run every ``on_worker_start`` function; one that fails is logged, and the worker
    starts anyway (the job kind then pays the cost itself, or fails on its own)."""
    for fn in STARTUP:
        try:
            fn()
        except Exception:
            logger.exception("worker start-up function %s failed", _where(fn))
