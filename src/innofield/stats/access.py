"""Who may call the statistics API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import PUBLIC

ACCESS = {
    "GET /api/stats/indicators": PUBLIC,
    "GET /api/stats/values": PUBLIC,
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = ("stats.panels.load",)
