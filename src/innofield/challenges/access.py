"""Who may call the challenges API operations (see :mod:`innofield.core.access`).

In the test world the firm posts the challenge; the lab solves it (its people submit and
withdraw); the judges the poster names are the lab's member and manager, who score a
submission of RIVAL's (a judge never scores their own organisation).
"""

from innofield.core.access import PUBLIC, rule

from .lifecycle import CHALLENGE, SUBMISSION

POSTER = rule("manager", "admin", owner="firm", note="the poster's managers and officers")
SOLVER = rule(
    "member", "manager", "admin", owner="lab", note="the people of the solving organisation"
)

ACCESS = {
    "GET /api/challenges": PUBLIC,  # published ones, and your organisations' drafts
    "POST /api/challenges": POSTER,
    "GET /api/challenges/{challenge_id}": PUBLIC,
    "POST /api/challenges/{challenge_id}/transitions/{transition}": POSTER,
    "POST /api/challenges/{challenge_id}/awards": POSTER,
    "GET /api/challenges/{challenge_id}/submissions": PUBLIC,  # filtered to what you may read
    "POST /api/challenges/{challenge_id}/submissions": SOLVER,
    "GET /api/challenges/{challenge_id}/scores": PUBLIC,  # filtered to what you may read
    "GET /api/challenges/{challenge_id}/suggestions": PUBLIC,
    "POST /api/challenge-submissions/{submission_id}/withdraw": SOLVER,
    "POST /api/challenge-submissions/{submission_id}/disqualify": POSTER,
    "POST /api/challenge-submissions/{submission_id}/scores": rule(
        "member",
        "manager",
        owner="lab",
        note="only the judges the poster named (here the lab's member and manager)",
    ),
}

#: The audit events this app's actions write.
EVENTS = (
    *(f"challenges.challenge.{t}" for t in CHALLENGE.transitions()),
    *(
        f"challenges.submission.{t}"
        for t in SUBMISSION.transitions()
        if t not in ("award", "decline")
    ),
    "challenges.score.set",
)
