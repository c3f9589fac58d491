"""Who may call the catalog's API operations (see :mod:`innofield.core.access`).

Items belong to the lab, demands to the firm; any role of the owner may create and change
them (``create``/``change``/``retire`` allow every role), nobody else.
"""

from innofield.core.access import PUBLIC, rule

LAB_STAFF = rule("member", "manager", "admin", owner="lab")
FIRM_STAFF = rule("member", "manager", "admin", owner="firm")

ACCESS = {
    "GET /api/items": PUBLIC,
    "GET /api/items/export": PUBLIC,
    "GET /api/items/{item_id}": PUBLIC,
    "POST /api/items": LAB_STAFF,
    "POST /api/items/import": rule(
        "member",
        "manager",
        "admin",
        owner="lab",
        note="each row's owner is checked; a stranger's file is "
        "refused whole, row by row, naming the owner field",
        refused=(403, 422),
    ),
    "PATCH /api/items/{item_id}": LAB_STAFF,
    "POST /api/items/{item_id}/retire": LAB_STAFF,
    "GET /api/demands": PUBLIC,
    "GET /api/demands/{demand_id}": PUBLIC,
    "POST /api/demands": FIRM_STAFF,
    "PATCH /api/demands/{demand_id}": FIRM_STAFF,
    "POST /api/demands/{demand_id}/retire": FIRM_STAFF,
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = (
    "catalog.item.create",
    "catalog.item.update",
    "catalog.item.retire",
    "catalog.items.import",
    "catalog.demand.create",
    "catalog.demand.update",
    "catalog.demand.retire",
    "catalog.demands.import",
)
