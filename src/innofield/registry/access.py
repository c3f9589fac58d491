"""Who may call the registry's API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import PUBLIC

ACCESS = {
    "GET /api/regions": PUBLIC,
    "GET /api/regions/{code}": PUBLIC,
    "GET /api/organizations": PUBLIC,
    "GET /api/organizations/{code}": PUBLIC,
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = (
    "registry.user.create",
    "registry.organization.update",
)
