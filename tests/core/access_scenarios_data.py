"""Scenarios of the authorisation matrix: governed data sharing (the lab holds the data;
an agreement opens it to the firm, so the firm's personas are the ones refused here)."""

from __future__ import annotations

from typing import Any

from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario("GET /api/data-agreements")(no_body)


def dataset(c: Cases) -> Any:
    """A lab dataset shared by agreement, with a small table."""
    from innofield.alliances import actions

    item = c.item("dataset")
    rows = "\n".join(["region,value"] + [f"320000,{n}" for n in range(6)])
    actions.load_table(actor=c.w.labber, dataset_id=item.pk, csv_text=rows)
    actions.set_policy(actor=c.w.labber, dataset_id=item.pk, data={"access": "agreement"})
    return item


@scenario(
    "GET /api/datasets/{dataset_id}/policy",
    "GET /api/datasets/{dataset_id}/download",
    "GET /api/datasets/{dataset_id}/rows",
)
def _read(c: Cases) -> Request:
    return {"dataset_id": dataset(c).pk}, None


@scenario("PUT /api/datasets/{dataset_id}/policy")
def _policy(c: Cases) -> Request:
    return {"dataset_id": dataset(c).pk}, {"min_cell": 10}


@scenario("PUT /api/datasets/{dataset_id}/table")
def _table(c: Cases) -> Request:
    return {"dataset_id": dataset(c).pk}, {"csv": "a,b\n1,2\n"}


@scenario("POST /api/datasets/{dataset_id}/aggregate")
def _aggregate(c: Cases) -> Request:
    return {"dataset_id": dataset(c).pk}, {"group_by": ["region"]}


@scenario("POST /api/datasets/{dataset_id}/agreements")
def _request(c: Cases) -> Request:
    return {"dataset_id": dataset(c).pk}, {
        "organization": "FIRM",
        "purpose": "research",
        "days": 30,
    }


@scenario("POST /api/data-agreements/{agreement_id}/{transition}")
def _agree(c: Cases) -> Request:
    from innofield.alliances import actions

    item = dataset(c)
    row = actions.request_access(
        actor=c.w.firmer, dataset_id=item.pk, organization=c.w.firm, purpose="research", days=30
    )
    return {"agreement_id": row.pk, "transition": "agree"}, {"note": "fine"}
