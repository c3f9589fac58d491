"""Who may call the consortia API operations (see :mod:`innofield.core.access`).

In the test world the lab leads the alliance and the project; the firm applies, pays its
fee and partners; the provincial bureau funds the project.
"""

from innofield.core.access import PUBLIC, rule

from .lifecycle import MEMBERSHIP, MILESTONE, PROJECT

LEAD = rule("manager", "admin", owner="lab", note="the lead organisation's managers")
APPLICANT = rule("manager", "admin", owner="firm", note="the applying organisation's managers")
PAYER = rule("manager", "admin", owner="firm", note="those who may pay for the member")
FUNDER = rule("manager", "officer", "admin", owner="gov", note="those who may pay for the funder")
PROJECT_READER = rule(
    "member",
    "manager",
    "admin",
    owner="lab",
    note="a draft project: its lead's, partners' and funders' people (active ones: anyone)",
)

ACCESS = {
    "GET /api/org-alliances": PUBLIC,
    "POST /api/org-alliances": LEAD,
    "GET /api/org-alliances/{code}": PUBLIC,
    "POST /api/org-alliances/{code}/apply": APPLICANT,
    "GET /api/org-alliances/{code}/pool": PUBLIC,
    "POST /api/org-alliances/{code}/pool": rule(
        "manager", "admin", owner="lab", note="the managers of the pooled item's owner, a member"
    ),
    "POST /api/alliance-memberships/{membership_id}/fees": PAYER,
    "POST /api/alliance-memberships/{membership_id}/{transition}": rule(
        "manager",
        "admin",
        owner="lab",
        note="approve/reject/expel: the lead's managers; withdraw: the member's managers",
    ),
    "GET /api/joint-projects": PUBLIC,  # active and completed ones, and your own drafts
    "POST /api/joint-projects": LEAD,
    "GET /api/joint-projects/{code}": PROJECT_READER,
    "POST /api/joint-projects/{code}/partners": LEAD,
    "POST /api/joint-projects/{code}/packages": LEAD,
    "POST /api/joint-projects/{code}/milestones": LEAD,
    "POST /api/joint-projects/{code}/funding": FUNDER,
    "PUT /api/joint-projects/{code}/ip-agreement": LEAD,
    "POST /api/joint-projects/{code}/results": LEAD,
    "POST /api/joint-projects/{code}/transitions/{transition}": LEAD,
    "POST /api/project-milestones/{milestone_id}/{transition}": rule(
        "manager",
        "admin",
        owner="lab",
        note="submit: the partners; accept/reject: the lead's or a funder's managers; "
        "pay: a funder's payers; drop: the lead's managers",
    ),
}

#: The audit events this app's actions write.
EVENTS = (
    "consortia.alliance.found",
    *(f"consortia.membership.{t}" for t in MEMBERSHIP.transitions() if t != "found"),
    "consortia.fee.pay",
    "consortia.pool.add",
    "consortia.pool.remove",
    "consortia.partner.set",
    "consortia.package.add",
    "consortia.project.fund",
    "consortia.ip.agree",
    "consortia.result.register",
    *(f"consortia.project.{t}" for t in PROJECT.transitions()),
    *(f"consortia.milestone.{t}" for t in MILESTONE.transitions()),
)
