"""The one place where permissions are decided.

Rules are data on the models: ``permission_owner`` is the lookup path from a model
to the :class:`~innofield.registry.models.Organization` that owns a row (``"pk"``
for organizations themselves, ``None`` for rows only platform admins change), and
``permission_public`` is a ``Q`` of the rows anyone (also anonymous) may read.
``permission_user`` (optional) is the lookup path to the user who owns a row
personally (e.g. a background job): that user may act on it as in
``USER_OWNER_ACTIONS``.

* platform admins may do everything;
* anyone may view public rows; members also view their organizations' rows;
* members of the owning organization with a role in ``ROLES_FOR[action]`` may act;
* the owning user of a personally owned row may view and change it.
"""

from __future__ import annotations

from typing import TypeVar

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import Q, QuerySet

from .errors import NotAuthenticated, PermissionDenied

M = TypeVar("M", bound=models.Model)
Actor = AbstractBaseUser | AnonymousUser | None

MEMBER = "member"
MANAGER = "manager"
OFFICER = "officer"
ADMIN = "admin"
ROLES = (MEMBER, MANAGER, OFFICER, ADMIN)

#: The model of users' roles in organizations (user, organization, role). Named by its
#: label, as Django names the user model, so that ``core`` imports no app.
MEMBERSHIP_MODEL = "registry.Membership"

ROLES_FOR: dict[str, tuple[str, ...]] = {
    "view": ROLES,
    "create": ROLES,
    "change": ROLES,
    "retire": ROLES,
    "manage": (MANAGER, ADMIN),
    "pay": (MANAGER, OFFICER, ADMIN),  # move money out of the organization's accounts
    "govern": (MANAGER, OFFICER, ADMIN),  # run a government body's policies and programmes
}
#: What the owning user of a row with ``permission_user`` may do to it.
USER_OWNER_ACTIONS = ("view", "change")


def is_platform_admin(actor: Actor) -> bool:
    """True for active superusers: the platform's administrators."""
    return bool(
        actor is not None and actor.is_authenticated and getattr(actor, "is_superuser", False)
    )


def organization_ids(actor: Actor, action: str = "view") -> list[int]:
    """Ids of the organizations in which ``actor`` holds a role allowing ``action``."""
    if actor is None or not actor.is_authenticated:
        return []
    membership = apps.get_model(MEMBERSHIP_MODEL)
    roles = ROLES_FOR.get(action, ())
    return list(
        membership._default_manager.filter(user_id=actor.pk, role__in=roles).values_list(
            "organization_id", flat=True
        )
    )


def restrict(queryset: QuerySet[M], actor: Actor, action: str = "view") -> QuerySet[M]:
    """The rows of ``queryset`` on which ``actor`` may perform ``action``."""
    if action not in ROLES_FOR:
        raise ValueError(f"unknown permission action {action!r}")
    if is_platform_admin(actor):
        return queryset
    model = queryset.model
    owner: str | None = getattr(model, "permission_owner", None)
    public: Q | None = getattr(model, "permission_public", None)
    if action == "view" and public is not None and not public:
        return queryset  # an empty Q: every row is public
    allowed = Q(pk__in=[])
    if action == "view" and public is not None:
        allowed |= public
    if owner is not None:
        org_ids = organization_ids(actor, action)
        if org_ids:
            allowed |= Q(**{f"{owner}__in": org_ids})
    user_path: str | None = getattr(model, "permission_user", None)
    if user_path and action in USER_OWNER_ACTIONS and actor is not None and actor.is_authenticated:
        allowed |= Q(**{user_path: actor.pk})
    return queryset.filter(allowed)


def require(actor: Actor, action: str, obj: models.Model) -> None:
    """Raise :class:`PermissionDenied` naming the rule unless ``actor`` may ``action`` ``obj``."""
    model = type(obj)
    if restrict(model._default_manager.filter(pk=obj.pk), actor, action).exists():
        return
    name = model._meta.verbose_name
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(f"you must log in to {action} this {name}")
    owned_by_user = getattr(model, "permission_user", None) and action in USER_OWNER_ACTIONS
    if owned_by_user and getattr(model, "permission_owner", None) is None:
        raise PermissionDenied(f"only its owner or platform admins may {action} this {name}")
    if getattr(model, "permission_owner", None) is None:
        raise PermissionDenied(f"only platform admins may {action} a {name}")
    raise PermissionDenied(
        f"only members of the owning organization (roles: {', '.join(ROLES_FOR[action])}) "
        f"or platform admins may {action} this {name}"
    )


def require_member(actor: Actor, organization: models.Model, action: str = "create") -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may act for ``organization``."""
    if is_platform_admin(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(f"you must log in to {action} on behalf of an organization")
    if organization.pk not in organization_ids(actor, action):
        raise PermissionDenied(
            f"you are not a member of organization {getattr(organization, 'code', organization.pk)}"
            " "
            f"with a role that may {action} on its behalf"
        )
