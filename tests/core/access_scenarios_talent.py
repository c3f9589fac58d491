"""Scenarios of the authorisation matrix: talent profiles, demands and flows.

A profile belongs to its person: in the test world that is the lab's member, so the
``member`` persona of owner ``lab`` is the person and the lab's manager is someone else.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario("GET /api/talent/profiles", "GET /api/talent/demands", "GET /api/talent/flows")(no_body)


def person(c: Cases, published: bool = True, shown: tuple[str, ...] = ("fields", "skills")) -> Any:
    """A fresh profile of the lab's member (an earlier one is replaced)."""
    from innofield.talent import actions
    from innofield.talent.models import Profile

    user = c.user("lab", "member")
    Profile.objects.filter(user=user).delete()
    row = actions.create_profile(
        actor=user, name=f"Person {c.n()}", fields=["materials"], skills=["coatings"], region=c.w.js
    )
    if published:
        row = actions.give_consent(actor=user, profile_id=row.pk, shown=list(shown))
    return row


def demand(c: Cases) -> Any:
    """An open talent demand of FIRM."""
    from innofield.talent import actions

    return actions.create_demand(
        actor=c.w.firmer,
        organization=c.w.firm,
        code=f"TD-{c.n()}",
        title="marine coatings expert",
        skills=["coatings"],
    )


@scenario("POST /api/talent/profiles")
def _create(c: Cases) -> Request:
    return {}, {"name": f"Someone {c.n()}", "fields": ["chemistry"]}


@scenario("GET /api/talent/profiles/{profile_id}")
def _get(c: Cases) -> Request:
    return {"profile_id": person(c).pk}, None


@scenario("POST /api/talent/profiles/{profile_id}/consent")
def _consent(c: Cases) -> Request:
    return {"profile_id": person(c, published=False).pk}, {
        "shown": ["skills"],
        "basis": "request of 1 May",
    }


@scenario("POST /api/talent/profiles/{profile_id}/withdraw")
def _withdraw(c: Cases) -> Request:
    return {"profile_id": person(c).pk}, {"basis": "request of 1 May"}


@scenario("POST /api/talent/profiles/{profile_id}/moves")
def _move(c: Cases) -> Request:
    return {"profile_id": person(c).pk}, {
        "to_region": "330000",
        "to_organization": "FIRM",
        "moved_on": timezone.localdate().isoformat(),
        "basis": "request of 1 May",
    }


@scenario("GET /api/talent/profiles/{profile_id}/availability")
def _availability(c: Cases) -> Request:
    from innofield.talent import availability

    row = person(c, shown=("fields", "availability"))
    availability.set_availability(
        actor=c.user("lab", "member"),
        profile_id=row.pk,
        weekly=[{"day": 0, "start": "09:00", "end": "12:00"}],
    )
    return {"profile_id": row.pk}, None


@scenario("PUT /api/talent/profiles/{profile_id}/availability")
def _set_availability(c: Cases) -> Request:
    return {"profile_id": person(c).pk}, {
        "weekly": [{"day": 1, "start": "14:00", "end": "17:00"}],
        "max_hours_day": 3,
        "days_off": [timezone.localdate().isoformat()],
        "basis": "request of 1 May",
    }


@scenario("POST /api/talent/demands")
def _demand(c: Cases) -> Request:
    return {}, {"code": f"TDN-{c.n()}", "organization": "FIRM", "title": "an expert"}


@scenario("GET /api/talent/demands/{code}/matches")
def _matches(c: Cases) -> Request:
    person(c)
    return {"code": demand(c).code}, None


@scenario("POST /api/talent/demands/{code}/{transition}")
def _close(c: Cases) -> Request:
    return {"code": demand(c).code, "transition": "close"}, None


def consultation(c: Cases) -> Any:
    """FIRM asks the lab's member (published) for an hour next week."""
    import datetime as dt

    from innofield.talent import consultations

    return consultations.request(
        actor=c.w.firmer,
        profile_id=person(c).pk,
        organization=c.w.firm,
        topic="coating failure review",
        wanted_on=timezone.localdate() + dt.timedelta(days=7),
    )


scenario("GET /api/talent/consultations")(no_body)


@scenario("POST /api/talent/profiles/{profile_id}/consultations")
def _ask(c: Cases) -> Request:
    wanted = timezone.localdate().isoformat()
    return {"profile_id": person(c).pk}, {
        "organization": "FIRM",
        "topic": "one hour",
        "wanted_on": wanted,
    }


@scenario("POST /api/talent/consultations/{consultation_id}/{transition}")
def _accept(c: Cases) -> Request:
    return {"consultation_id": consultation(c).pk, "transition": "accept"}, {
        "fee_fen": 80000,
        "basis": "request of 1 May",
    }
