"""The demo's cast on a small test world: the logins and organisations that capability demo
loaders look up by code (``demo-admin``, ``demo-firm``, ``demo-lab``, ``demo-gov``;
``SKL-0001``, ``GOV-320000``, ``FIRM-0001`` …), so a loader can be tested alone."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD

from innofield.registry.models import Membership, Organization


def demo_cast(world: Any, *, firms: int, labs: int = 1) -> SimpleNamespace:
    """Create the demo logins, ``labs`` key labs, the Jiangsu bureau and ``firms`` synthetic
    SMEs; demo-firm manages the first firm, demo-lab the first lab, demo-gov is an officer.
    Returns the first ``lab``, the bureau ``gov`` and the ``firms``."""
    users = get_user_model().objects
    users.create_user("demo-admin", password=PASSWORD, is_superuser=True)
    lab_orgs = [
        Organization.objects.create(
            code=f"SKL-{n:04d}",
            name_zh="实验室" if n == 1 else f"实验室{n}",
            type="state_key_lab",
            region=world.nj,
        )
        for n in range(1, labs + 1)
    ]
    gov = Organization.objects.create(
        code="GOV-320000", name_zh="厅", type="government", region=world.js
    )
    firm_orgs = [
        Organization.objects.create(
            code=f"FIRM-{n:04d}", name_zh=f"公司{n}", type="sme", region=world.js, synthetic=True
        )
        for n in range(1, firms + 1)
    ]
    for name, org, role in (
        ("demo-firm", firm_orgs[0], "manager"),
        ("demo-lab", lab_orgs[0], "manager"),
        ("demo-gov", gov, "officer"),
    ):
        Membership.objects.create(
            user=users.create_user(name, password=PASSWORD), organization=org, role=role
        )
    return SimpleNamespace(lab=lab_orgs[0], gov=gov, firms=firm_orgs)
