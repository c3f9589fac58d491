"""Governed data sharing: the usage policy is enforced where data leaves the platform
(download, rows, aggregate), agreements expire and can be revoked, small groups are
suppressed, and every allowed access leaves exactly one audit row for the holder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from tests.alliances.conftest import agreed

from innofield.alliances import actions
from innofield.alliances.models import Agreement
from innofield.core.models import AuditLog

ACCESS_PATHS = ("download", "rows", "aggregate")


def call(api: Any, user: Any, item_id: int, path: str) -> Any:
    client = api(user)
    if path == "aggregate":
        return client.post(f"/api/datasets/{item_id}/aggregate", {"group_by": ["province"]})
    return client.get(f"/api/datasets/{item_id}/{path}")


def access_rows(item_id: int) -> int:
    return AuditLog.objects.filter(
        action__startswith="alliances.data.", object_id=str(item_id)
    ).count()


@pytest.mark.parametrize("path", ACCESS_PATHS)
def test_without_an_agreement_a_registered_user_is_refused(data: Any, api: Any, path: str) -> None:
    response = call(api, data.firmer, data.item.pk, path)
    assert response.status_code == 403
    assert "access=agreement" in response.json()["detail"]
    assert call(api, None, data.item.pk, path).status_code in (401, 403)
    assert access_rows(data.item.pk) == 0


@pytest.mark.parametrize("ending", ["expired", "revoked", "terminated"])
@pytest.mark.parametrize("path", ACCESS_PATHS)
def test_an_ended_agreement_no_longer_opens_the_data(
    data: Any, api: Any, ending: str, path: str
) -> None:
    row = agreed(data)
    assert call(api, data.firmer, data.item.pk, path).status_code == 200
    if ending == "expired":
        Agreement.objects.filter(pk=row.pk).update(ends_at=timezone.now() - dt.timedelta(1))
        assert actions.expire_due() == 1
    elif ending == "revoked":
        actions.decide(actor=data.labber, agreement_id=row.pk, transition="revoke")
    else:
        actions.decide(actor=data.firmer, agreement_id=row.pk, transition="terminate")
    refused = call(api, data.firmer, data.item.pk, path)
    assert refused.status_code == 403 and ending in refused.json()["detail"]


def test_each_allowed_access_leaves_exactly_one_audit_row(data: Any, api: Any) -> None:
    agreed(data)
    for n, path in enumerate(ACCESS_PATHS, start=1):
        assert call(api, data.firmer, data.item.pk, path).status_code == 200
        assert access_rows(data.item.pk) == n
    logged = AuditLog.objects.filter(action="alliances.data.rows").get()
    assert logged.changes["purpose"] == "research" and logged.changes["rows"] == 16
    holder_view = (
        api(data.labber)
        .get("/api/audit", object_type="catalog.item", object_id=str(data.item.pk))
        .json()
    )
    assert {r["action"] for r in holder_view["items"]} >= {
        "alliances.data.download",
        "alliances.data.rows",
        "alliances.data.aggregate",
    }
    assert api(data.rivaler).get("/api/audit", object_id=str(data.item.pk)).json()["count"] == 0


def test_withheld_columns_never_leave(data: Any, api: Any) -> None:
    agreed(data)
    csv_text = api(data.firmer).get(f"/api/datasets/{data.item.pk}/download").content.decode()
    assert csv_text.splitlines()[0] == "province,sector,revenue" and "J1" not in csv_text
    rows = api(data.firmer).get(f"/api/datasets/{data.item.pk}/rows").json()
    assert rows["columns"] == ["province", "sector", "revenue"]
    grouped = api(data.firmer).post(
        f"/api/datasets/{data.item.pk}/aggregate", {"group_by": ["firm_id"]}
    )
    assert grouped.status_code == 422 and grouped.json()["errors"][0]["field"] == "group_by"


def test_groups_below_the_minimum_cell_are_suppressed(data: Any, api: Any) -> None:
    agreed(data)
    body = (
        api(data.firmer)
        .post(
            f"/api/datasets/{data.item.pk}/aggregate",
            {"group_by": ["province", "sector"], "stat": "mean", "measure": "revenue"},
        )
        .json()
    )
    by_group = {(g["group"]["province"], g["group"]["sector"]): g for g in body["groups"]}
    jiangsu = by_group[("320000", "materials")]
    assert jiangsu["count"] == 7 and jiangsu["value"] == pytest.approx(103.0)  # 100..106
    zhejiang = by_group[("330000", "materials")]  # 3 firms < 5
    assert zhejiang["suppressed"] and zhejiang["count"] is None and zhejiang["value"] is None
    assert body["suppressed"] == 1 and body["min_cell"] == 5


def test_aggregate_only_datasets_release_no_rows(data: Any, api: Any) -> None:
    actions.set_policy(actor=data.labber, dataset_id=data.item.pk, data={"access": "aggregate"})
    agreed(data)
    for path in ("download", "rows"):
        refused = call(api, data.firmer, data.item.pk, path)
        assert refused.status_code == 403 and "access=aggregate" in refused.json()["detail"]
    assert call(api, data.firmer, data.item.pk, "aggregate").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"purpose": "marketing", "days": 30}, "purpose"),
        ({"purpose": "research", "days": 400}, "days"),
        ({"purpose": "", "days": 30}, "purpose"),
    ],
)
def test_requests_outside_the_policy_are_refused_naming_the_clause(
    data: Any, api: Any, body: dict[str, Any], field: str
) -> None:
    response = api(data.firmer).post(
        f"/api/datasets/{data.item.pk}/agreements", {"organization": "FIRM", **body}
    )
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Agreement.objects.exists()


def test_only_the_holder_decides_and_only_members_request(data: Any, api: Any) -> None:
    asked = api(data.firmer).post(
        f"/api/datasets/{data.item.pk}/agreements",
        {"organization": "FIRM", "purpose": "research", "days": 30},
    )
    assert asked.status_code == 201
    pk = asked.json()["id"]
    assert api(data.firmer).post(f"/api/data-agreements/{pk}/agree", {}).status_code == 403
    assert (
        api(data.rivaler)
        .post(
            f"/api/datasets/{data.item.pk}/agreements",
            {"organization": "FIRM", "purpose": "research", "days": 30},
        )
        .status_code
        == 403
    )
    agreed_ = api(data.labber).post(f"/api/data-agreements/{pk}/agree", {"note": "ok"})
    assert agreed_.status_code == 200 and agreed_.json()["state"] == "agreed"
    again = api(data.labber).post(f"/api/data-agreements/{pk}/agree", {})
    assert again.status_code == 409


def test_the_holder_works_in_the_browser(data: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    row = actions.request_access(
        actor=data.firmer,
        dataset_id=data.item.pk,
        organization=data.firm,
        purpose="research",
        days=30,
    )
    holder = Client()
    holder.force_login(data.labber)
    page = holder.get(f"/data/{data.item.pk}/").content.decode()
    assert "Access log" in page and f"/data/agreements/{row.pk}/act/" in page
    holder.post(f"/data/agreements/{row.pk}/act/", {"transition": "agree"})
    firm = Client()
    firm.force_login(data.firmer)
    download = firm.get(f"/data/{data.item.pk}/download/")
    assert download.status_code == 200 and b"province,sector,revenue" in download.content
    upload = SimpleUploadedFile("t.csv", b"a,b\n1,2\n3\n")
    bad = holder.post(f"/data/{data.item.pk}/", {"what": "table", "file": upload}, follow=True)
    assert "has 1 cells" in bad.content.decode()
    log = holder.get(
        "/audit/", {"object_type": "catalog.item", "object_id": str(data.item.pk)}
    ).content.decode()
    assert "alliances.data.download" in log
