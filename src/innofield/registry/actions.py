"""State changes of the registry, each audited in its transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext

from innofield.core import audit
from innofield.core.countries import CodeError, normalize_country
from innofield.core.errors import FieldError, PermissionDenied, ValidationFailed
from innofield.core.permissions import Actor, is_platform_admin, require

from .international import country_region
from .models import Membership, Organization


def create_user(
    *, actor: Actor, username: str, password: str, organization_code: str | None, role: str
) -> AbstractUser:
    """Create a user with a role in an organization (role ``admin`` makes a platform admin).

    ``actor`` ``None`` means the command line run by the machine's operator.
    """
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied(gettext("only platform admins may create users"))
    User = get_user_model()
    errors = []
    if not username or len(username) > 150:
        errors.append(FieldError("username", gettext("must be 1–150 characters")))
    elif User.objects.filter(username=username).exists():
        errors.append(
            FieldError("username", gettext("%(name)s is already taken") % {"name": repr(username)})
        )
    if role not in Membership.Role.values:
        errors.append(
            FieldError(
                "role",
                gettext("unknown role %(role)s; expected one of %(roles)s")
                % {"role": repr(role), "roles": ", ".join(Membership.Role.values)},
            )
        )
    org = None
    if organization_code:
        org = Organization.objects.filter(code=organization_code).first()
        if org is None:
            errors.append(
                FieldError(
                    "org",
                    gettext("no organization with code %(code)s")
                    % {"code": repr(organization_code)},
                )
            )
    elif role != "admin":
        errors.append(FieldError("org", gettext("is required unless the role is admin")))
    try:
        validate_password(password)
    except DjangoValidationError as exc:
        errors.append(FieldError("password", " ".join(exc.messages)))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password)
        if role == "admin":
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if org is not None:
            Membership.objects.create(user=user, organization=org, role=role)
        audit.record(
            actor,
            "registry.user.create",
            user,
            {"username": username, "org": organization_code, "role": role},
        )
    return user


EDITABLE_ORG_FIELDS = (
    "name_zh",
    "name_en",
    "description",
    "website",
    "fields",
    "flags",
    "country",
    "parent_company",
    "parent_country",
)


def update_organization(
    *, actor: Actor, organization_id: int, data: dict[str, Any]
) -> Organization:
    """Change an organization's profile (managers of it, or platform admins).

    Moving an organisation abroad (``country`` other than CN) moves it to its country's
    region; the country and parent company are checked by :meth:`Organization.clean`."""
    unknown = sorted(set(data) - set(EDITABLE_ORG_FIELDS))
    if unknown:
        raise ValidationFailed(
            [FieldError(f, gettext("unknown or read-only field")) for f in unknown]
        )
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization_id)
        require(actor, "manage", org)
        before = audit.snapshot(org)
        for name, value in data.items():
            setattr(org, name, value)
        if "country" in data:
            try:
                org.country = normalize_country(str(data["country"] or ""))
            except CodeError as exc:
                raise ValidationFailed.single("country", str(exc)) from None
            if org.abroad:
                org.region = country_region(org.country)
        try:
            org.full_clean(exclude=["region", "host"])
        except DjangoValidationError as exc:
            raise ValidationFailed(
                [FieldError(f, " ".join(m)) for f, m in exc.message_dict.items()]
            ) from None
        org.save()
        audit.record(
            actor, "registry.organization.update", org, audit.diff(before, audit.snapshot(org))
        )
    return org
