"""Job kinds of the booking app (found by ``innofield.jobs``): release no-shows, precompute
the sharing reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind

from .actions import release_no_shows as release


@job_kind("booking.release_no_shows", label=_("Release no-show bookings"))
def release_no_shows(job: Job) -> dict[str, Any]:
    """Release bookings nobody checked into (platform admins or the system)."""
    job.progress(0, 1, "releasing no-shows")
    released = release(actor=job.owner)
    job.progress(1, 1, f"released {len(released)}")
    return {"released": released}


def report_viewers() -> list[Any]:
    """One user per distinct view of the sharing report: anonymous visitors, a platform
    admin, and the members of every organization that owns an instrument (users who see
    the same organizations share one cached report)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from innofield.catalog.models import Item
    from innofield.core.permissions import is_platform_admin, organization_ids
    from innofield.registry.models import Membership

    owners = Item.objects.filter(kind="instrument").values("owner_id").distinct()
    members = (
        get_user_model()
        .objects.filter(
            pk__in=Membership.objects.filter(organization_id__in=owners).values("user_id")
        )
        .order_by("pk")
    )
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    viewers: list[Any] = [AnonymousUser(), *([admin] if admin else [])]
    seen = {"anonymous", "admin"}
    for user in members:
        scope = (
            "admin"
            if is_platform_admin(user)
            else ",".join(map(str, sorted(organization_ids(user, "view"))))
        )
        if scope not in seen:
            seen.add(scope)
            viewers.append(user)
    return viewers


@job_kind("booking.warm_reports", label=_("Precompute the instrument-sharing reports"))
def warm_reports(job: Job) -> dict[str, Any]:
    """Compute every grouping of the sharing report for every distinct view of it, in
    every interface language, and keep them for an hour, so report pages answer from the
    cache (queued after each dashboards refresh; platform admins or the system)."""
    from .reports import GROUPS
    from .views import REPORT_WARM_SECONDS, report_figures

    viewers = report_viewers()
    languages = [code for code, _name in settings.LANGUAGES]
    total = len(viewers) * len(GROUPS) * len(languages)
    done = 0
    for user in viewers:
        for by in GROUPS:
            for language in languages:  # the rows name organizations in the page's language
                with translation.override(language):
                    report_figures(user, by, seconds=REPORT_WARM_SECONDS, fresh=True)
                done += 1
                job.progress(
                    done, total, f"{by} report ({language}) for {user.username or 'visitors'}"
                )
    return {"views": len(viewers), "reports": done}
