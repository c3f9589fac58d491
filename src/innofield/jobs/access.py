"""Who may call the background-jobs API operations (see :mod:`innofield.core.access`).

A job belongs to the user who started it: in the matrix a government officer starts a
dashboards refresh, so the bureau's other members and managers do not see it (404) — only
its owner and platform admins.
"""

from innofield.core.access import PUBLIC, SIGNED_IN, rule

OWNER = rule("officer", "admin", owner="gov", note="the user who started the job")

ACCESS = {
    "GET /api/jobs": SIGNED_IN,  # one's own jobs
    "GET /api/jobs/kinds": PUBLIC,
    "GET /api/jobs/{job_id}": OWNER,
    "POST /api/jobs": rule(
        "officer",
        "admin",
        owner="gov",
        note="each kind has its own rule; a dashboards refresh is for government officers",
    ),
    "POST /api/jobs/{job_id}/cancel": OWNER,
}

#: The audit events this app's actions write.
EVENTS = (
    "jobs.job.submit",
    "jobs.job.start",
    "jobs.job.succeed",
    "jobs.job.fail",
    "jobs.job.retry",
    "jobs.job.cancel",
)
