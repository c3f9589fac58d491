"""Who may call the voucher and joint-credit API operations (see
:mod:`innofield.core.access`).

Programmes are run by the government's officers; grants go to the firm, whose staff
redeem them; credit lines are opened and drawn by the lead bank.
"""

from innofield.core.access import ADMINS, PUBLIC, rule

OFFICERS = rule("officer", "manager", "admin", owner="gov")

ACCESS = {
    "GET /api/voucher-programmes": PUBLIC,
    "POST /api/voucher-programmes": OFFICERS,
    "GET /api/voucher-programmes/{code}": PUBLIC,
    "POST /api/voucher-programmes/{code}/grants": OFFICERS,
    "POST /api/voucher-programmes/{code}/expire": OFFICERS,
    "GET /api/voucher-grants": PUBLIC,  # filtered to the caller's grants
    "POST /api/voucher-grants/{grant_id}/redeem": rule(
        "member",
        "manager",
        "admin",
        owner="firm",
        note="only the granted firm; a provider only with checkable evidence of delivery",
    ),
    "GET /api/voucher-redemptions": PUBLIC,  # filtered to the caller's
    "POST /api/voucher-redemptions/{redemption_id}/clawback": OFFICERS,
    "POST /api/voucher-settlements": ADMINS,
    "GET /api/voucher-settlements": PUBLIC,
    "GET /api/credit-lines": PUBLIC,  # filtered to the caller's lines
    "POST /api/credit-lines": rule("manager", "officer", "admin", owner="bank"),
    "POST /api/credit-lines/{line_id}/draw": rule("manager", "officer", "admin", owner="bank"),
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = (
    "vouchers.programme.create",
    "vouchers.grant.create",
    "vouchers.grant.expire",
    "vouchers.redemption.create",
    "vouchers.redemption.clawback",
    "vouchers.settlement.run",
    "vouchers.credit.open",
    "vouchers.credit.draw",
)
