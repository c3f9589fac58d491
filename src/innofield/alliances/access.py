"""Who may call the data-sharing API operations (see :mod:`innofield.core.access`).

Datasets in the matrix belong to the lab (the holder); the firm requests access.
"""

from innofield.core.access import PUBLIC, SIGNED_IN, rule

from .lifecycle import AGREEMENT

HOLDER = rule("member", "manager", "admin", owner="lab")

ACCESS = {
    "PUT /api/datasets/{dataset_id}/policy": HOLDER,
    "PUT /api/datasets/{dataset_id}/table": HOLDER,
    "GET /api/datasets/{dataset_id}/policy": PUBLIC,
    "GET /api/datasets/{dataset_id}/download": rule(
        "member",
        "manager",
        "admin",
        owner="lab",
        note="by agreement: the holder, or an organisation with an active agreement",
    ),
    "GET /api/datasets/{dataset_id}/rows": rule(
        "member",
        "manager",
        "admin",
        owner="lab",
        note="by agreement: the holder, or an organisation with an active agreement",
    ),
    "POST /api/datasets/{dataset_id}/aggregate": rule(
        "member",
        "manager",
        "admin",
        owner="lab",
        note="by agreement: the holder, or an organisation with an active agreement",
    ),
    "POST /api/datasets/{dataset_id}/agreements": rule(
        "member",
        "manager",
        "admin",
        owner="firm",
        note="on behalf of an organisation the caller belongs to",
    ),
    "GET /api/data-agreements": SIGNED_IN,
    "POST /api/data-agreements/{agreement_id}/{transition}": HOLDER,
}

#: The audit events this app's actions write.
EVENTS = (
    "alliances.policy.set",
    "alliances.table.load",
    *(f"alliances.agreement.{t}" for t in AGREEMENT.transitions()),
    "alliances.data.download",
    "alliances.data.rows",
    "alliances.data.aggregate",
)
