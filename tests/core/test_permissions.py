"""The one permission mechanism: restrict() and require() on real rows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from innofield.catalog.models import Item
from innofield.core.errors import NotAuthenticated, PermissionDenied
from innofield.core.permissions import require, require_member, restrict


@pytest.fixture
def items(world):
    public = Item.objects.create(
        kind="technology", title="Public tech", owner=world.lab, region=world.nj
    )
    draft = Item.objects.create(
        kind="technology", title="Draft tech", owner=world.lab, region=world.nj, status="draft"
    )
    other = Item.objects.create(
        kind="service",
        title="Rival service",
        owner=world.rival,
        region=world.js,
        details={"service_type": "testing"},
    )
    return public, draft, other


def test_anonymous_sees_only_public_rows(world, items):
    public, draft, other = items
    visible = set(restrict(Item.objects.all(), AnonymousUser(), "view"))
    assert visible == {public, other}


def test_members_also_see_their_drafts(world, items):
    public, draft, other = items
    assert draft in restrict(Item.objects.all(), world.labber, "view")
    assert draft not in restrict(Item.objects.all(), world.firmer, "view")


def test_members_change_only_their_organizations_rows(world, items):
    public, draft, other = items
    assert set(restrict(Item.objects.all(), world.labber, "change")) == {public, draft}
    assert set(restrict(Item.objects.all(), world.rivaler, "change")) == {other}
    assert not restrict(Item.objects.all(), world.outsider, "change").exists()


def test_platform_admin_may_do_everything(world, items):
    assert restrict(Item.objects.all(), world.admin, "retire").count() == 3


def test_require_names_the_rule(world, items):
    public, _draft, _other = items
    with pytest.raises(PermissionDenied, match="members of the owning organization"):
        require(world.firmer, "change", public)
    with pytest.raises(NotAuthenticated, match="log in"):
        require(AnonymousUser(), "change", public)
    require(world.labber, "change", public)


def test_require_member_refuses_outsiders(world):
    with pytest.raises(PermissionDenied, match="not a member of organization LAB"):
        require_member(world.firmer, world.lab)
    require_member(world.labber, world.lab)
    require_member(world.admin, world.lab)


def test_unknown_action_is_an_error(world):
    with pytest.raises(ValueError, match="unknown permission action"):
        restrict(Item.objects.all(), world.admin, "explode")
