"""Who may call the observatory API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import PUBLIC, rule

ACCESS = {
    "GET /api/observatory/": PUBLIC,
    "GET /api/observatory/index": PUBLIC,
    "GET /api/observatory/ccd": PUBLIC,
    "GET /api/observatory/inequality": PUBLIC,
    "GET /api/observatory/flows": PUBLIC,
    "GET /api/observatory/openness": PUBLIC,
    "GET /api/observatory/network": rule(
        "officer",
        "admin",
        owner="gov",
        note="who dealt with whom: platform admins and officers of government bodies",
    ),
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = ("dashboards.results.refresh",)
