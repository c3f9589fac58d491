"""Who may call the computing API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import PUBLIC, SIGNED_IN, rule

from .lifecycle import JOB, OFFER

#: Members of the provider (in the test world the lab) publish and withdraw offers.
PROVIDER = rule("member", "manager", "admin", owner="lab")
#: Members of the job's organisation (in the test world the firm).
JOB_OWNER = rule("member", "manager", "admin", owner="firm")

ACCESS = {
    "GET /api/computing/hubs": PUBLIC,
    "GET /api/computing/offers": PUBLIC,  # open offers, and your organisations' own
    "POST /api/computing/offers": PROVIDER,
    "POST /api/computing/offers/{offer_id}/withdraw": PROVIDER,
    "GET /api/computing/jobs": SIGNED_IN,  # your organisations' jobs
    "POST /api/computing/jobs": JOB_OWNER,
    "GET /api/computing/jobs/{job_id}": JOB_OWNER,
    "POST /api/computing/jobs/{job_id}/{transition}": rule(
        "member",
        "manager",
        "admin",
        owner="firm",
        note="accept/reject/cancel/meter: the job's organisation (meter also the provider); "
        "settle, pay_due: those who may pay from its account",
    ),
    "GET /api/computing/providers/{code}/placements": rule(
        "member",
        "manager",
        "officer",
        "admin",
        owner="lab",
        note="only members of the provider whose offers the jobs are placed on",
    ),
    "GET /api/computing/runs": PUBLIC,  # aggregate figures only
    "POST /api/computing/runs": rule(
        "stranger",
        "member",
        "manager",
        "officer",
        "admin",
        owner="firm",
        note="any member of an organisation (a run places every open job)",
    ),
    "GET /api/computing/dashboard": PUBLIC,
}

#: The audit events this app's actions write.
EVENTS = (
    "computing.reference.load",
    "computing.run.apply",
    *(f"computing.offer.{t}" for t in OFFER.transitions()),
    *(f"computing.job.{t}" for t in JOB.transitions()),
    "computing.usage.voucher_clawback",
    "computing.usage.pay_due",
)
