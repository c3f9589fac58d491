"""Who may call the registry's API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import ADMINS, PUBLIC

ACCESS = {
    "GET /api/regions": PUBLIC,
    "GET /api/regions/{code}": PUBLIC,
    "GET /api/organizations": PUBLIC,
    "GET /api/organizations/{code}": PUBLIC,
    "POST /api/organizations": ADMINS,
    "GET /api/cooperation-bases": PUBLIC,
    "GET /api/cooperation-bases/{code}": PUBLIC,
    "POST /api/cooperation-bases": ADMINS,
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = (
    "registry.user.create",
    "registry.organization.update",
    "registry.organization.register",
    "registry.cooperation_base.record",
)
