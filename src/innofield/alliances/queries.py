"""Reading data-sharing records: datasets with their policies, and agreements."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from innofield.catalog.models import Item
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, is_platform_admin, organization_ids, restrict

from .actions import policy_of
from .models import Agreement, DataPolicy


def datasets(actor: Actor) -> QuerySet[Item]:
    """Dataset items the actor may see."""
    return restrict(Item.objects.filter(kind="dataset").select_related("owner", "region"), actor)


def dataset_policy(actor: Actor, dataset_id: int) -> DataPolicy:
    """The usage policy of a visible dataset."""
    item = get_visible(datasets(actor), dataset_id, "dataset")
    return policy_of(item)


def agreements(actor: Actor) -> QuerySet[Agreement]:
    """Agreements of datasets the actor's organisations hold or requested."""
    qs = Agreement.objects.select_related("dataset__owner", "requester")
    if is_platform_admin(actor):
        return qs
    mine = organization_ids(actor, "view")
    return qs.filter(Q(dataset__owner_id__in=mine) | Q(requester_id__in=mine))
