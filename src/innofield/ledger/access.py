"""Who may call the ledger's API operations (see :mod:`innofield.core.access`).

Accounts belong to the firm in the matrix; its members may read them, its managers (the
``pay`` roles) move money out of them.
"""

from innofield.core.access import PUBLIC, rule

ACCESS = {
    "GET /api/accounts": PUBLIC,
    "GET /api/accounts/{code}": rule("member", "manager", "admin", owner="firm"),
    "GET /api/accounts/{code}/statement": rule("member", "manager", "admin", owner="firm"),
    "POST /api/transfers": rule("manager", "admin", owner="firm"),
    "POST /api/transfers/{transfer_id}/post": rule("manager", "admin", owner="firm"),
    "POST /api/transfers/{transfer_id}/void": rule("manager", "admin", owner="firm"),
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = (
    "ledger.account.open",
    "ledger.transfer.create",
    "ledger.transfer.post",
    "ledger.transfer.void",
    "ledger.transfer.batch",
)
