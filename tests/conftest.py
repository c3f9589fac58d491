"""Shared fixtures: a small real world of regions, organizations and users.

Every Django test runs against a real database (SQLite by default, PostgreSQL when
``DATABASE_URL`` points at one); nothing is mocked.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PASSWORD = "pw-for-tests-7f3a"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, test on a file (WAL, busy timeout) as in production, not in shared memory.

    Shared-cache in-memory SQLite locks whole tables and fails at once instead of
    waiting, so threads racing through immediate transactions would see "table is
    locked" instead of queueing as they do on a real file. ``INNOFIELD_TEST_SQLITE``
    names the file explicitly.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _no_stray_postgres_sessions(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """End, before the test database is dropped, any PostgreSQL session a browser test left
    behind (ORM calls made on Playwright's greenlet open a connection of their own that no
    test thread closes); otherwise dropping the database fails "being accessed by other
    users"."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _language_reset() -> Any:
    """Every test starts in the default language: a test client request in zh leaves
    LocaleMiddleware's choice active on the thread, and messages made later (gettext at
    the point of refusal) would otherwise come out in Chinese in the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests create many users; the production hasher's 1M iterations would dominate.

    Each test starts with an empty shared cache (rate-limit and login-failure counters)
    of its own, so no count leaks from one test (or test run) into the next.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.INNOFIELD_API_RATES = {"anon": "off", "auth": "off"}  # tests/core/test_throttling.py
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path_factory.mktemp("cache")),
        }
    }


@pytest.fixture
def world(db: Any) -> SimpleNamespace:
    """Two provinces, a lab, two firms, a bureau and users with roles in them."""
    from innofield.registry.models import Membership, Organization, Region

    cn = Region.objects.create(code="CN", level="country", name_zh="中国", name_en="China")
    js = Region.objects.create(
        code="320000",
        level="province",
        parent=cn,
        name_zh="江苏省",
        name_en="Jiangsu",
        zone="east",
        attributes={"short_zh": "江苏"},
    )
    zj = Region.objects.create(
        code="330000",
        level="province",
        parent=cn,
        name_zh="浙江省",
        name_en="Zhejiang",
        zone="east",
        attributes={"short_zh": "浙江"},
    )
    nj = Region.objects.create(
        code="320100", level="city", parent=js, name_zh="南京市", name_en="Nanjing"
    )
    lab = Organization.objects.create(
        code="LAB",
        name_zh="测试国家重点实验室",
        name_en="Test State Key Lab",
        type="state_key_lab",
        region=nj,
    )
    firm = Organization.objects.create(
        code="FIRM", name_zh="测试科技有限公司", name_en="Test Tech Co.", type="sme", region=zj
    )
    rival = Organization.objects.create(
        code="RIVAL", name_zh="另一家公司", name_en="Rival Co.", type="sme", region=js
    )
    gov = Organization.objects.create(
        code="GOV-JS",
        name_zh="江苏省科学技术厅",
        name_en="Jiangsu S&T Department",
        type="government",
        region=js,
    )
    User = get_user_model()
    admin = User.objects.create_user("admin", password=PASSWORD, is_superuser=True, is_staff=True)
    users = {}
    for name, org, role in [
        ("labber", lab, "manager"),
        ("firmer", firm, "manager"),
        ("rivaler", rival, "member"),
        ("officer", gov, "officer"),
    ]:
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=users[name], organization=org, role=role)
    outsider = User.objects.create_user("outsider", password=PASSWORD)
    return SimpleNamespace(
        cn=cn,
        js=js,
        zj=zj,
        nj=nj,
        lab=lab,
        firm=firm,
        rival=rival,
        gov=gov,
        password=PASSWORD,
        admin=admin,
        outsider=outsider,
        **users,
    )


class ApiClient:
    """The in-process test client speaking JSON with a bearer token."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers, **extra}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path: str, **params: Any) -> Any:
        """GET with query parameters."""
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        """POST a JSON body."""
        return self._call("post", path, body if body is not None else {}, **extra)

    def patch(self, path: str, body: Any) -> Any:
        """PATCH a JSON body."""
        return self._call("patch", path, body)


@pytest.fixture
def api(world: SimpleNamespace) -> Any:
    """``api(user)`` → an :class:`ApiClient` authenticated as ``user`` (``None``: anonymous)."""
    from innofield.core.tokens import issue_token

    def make(user: Any = None) -> ApiClient:
        if user is None:
            return ApiClient()
        return ApiClient(issue_token(username=user.username, password=PASSWORD))

    return make
