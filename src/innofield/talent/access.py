"""Who may call the talent API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import PUBLIC, SIGNED_IN, rule

from .lifecycle import CONSULTATION, DEMAND

#: The person themselves: in the test world the profile belongs to the lab's member.
PERSON = rule(
    "member",
    "admin",
    owner="lab",
    note="the person themselves, or a platform admin citing their request",
)
DEMANDER = rule("member", "manager", "admin", owner="firm")

ACCESS = {
    "GET /api/talent/profiles": PUBLIC,  # published profiles, and your own
    "POST /api/talent/profiles": SIGNED_IN,  # your own profile (admins: anyone's)
    "GET /api/talent/profiles/{profile_id}": PUBLIC,  # 404 unless published or yours
    "POST /api/talent/profiles/{profile_id}/consent": PERSON,
    "POST /api/talent/profiles/{profile_id}/withdraw": PERSON,
    "POST /api/talent/profiles/{profile_id}/moves": PERSON,
    # the person's own, or shown with consent part `availability` (404 otherwise)
    "GET /api/talent/profiles/{profile_id}/availability": PUBLIC,
    "PUT /api/talent/profiles/{profile_id}/availability": PERSON,
    "GET /api/talent/demands": PUBLIC,
    "POST /api/talent/demands": DEMANDER,
    "GET /api/talent/demands/{code}/matches": PUBLIC,  # open demands; published people
    "POST /api/talent/demands/{code}/{transition}": DEMANDER,
    "GET /api/talent/flows": PUBLIC,
    "POST /api/talent/profiles/{profile_id}/consultations": DEMANDER,
    "GET /api/talent/consultations": SIGNED_IN,  # yours: asked by or of you
    "POST /api/talent/consultations/{consultation_id}/{transition}": rule(
        "member",
        "admin",
        owner="lab",
        note="accept/decline: the expert (the lab's member in the test world); "
        "complete/bill/pay/cancel: the requesting organisation's members (completing or "
        "paying a paid one: those who may pay from its account)",
    ),
}

#: The audit events this app's actions write.
EVENTS = (
    "talent.profile.create",
    "talent.profile.consent",
    "talent.profile.withdraw",
    "talent.profile.erase",
    "talent.move.create",
    "talent.availability.set",
    *(f"talent.demand.{t}" for t in DEMAND.transitions()),
    *(f"talent.consultation.{t}" for t in CONSULTATION.transitions()),
    "talent.consultation.voucher",
    "talent.consultation.voucher_clawback",
)
