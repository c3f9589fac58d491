"""Who may call the matchmaking API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import PUBLIC, rule

ACCESS = {
    "GET /api/search": PUBLIC,
    "GET /api/match": PUBLIC,
    "GET /api/match/reverse": PUBLIC,
    "GET /api/match/feedback/counts": PUBLIC,
    "POST /api/match/feedback": rule(
        "member",
        "manager",
        "admin",
        owner="firm",
        note="only the demand's owner judges its matches",
    ),
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = (
    "matchmaking.lever.set",
    "matchmaking.index.rebuild",
    "matchmaking.feedback.create",
    "matchmaking.feedback.update",
)
