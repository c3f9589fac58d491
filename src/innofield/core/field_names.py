"""Names of input fields that refusals name, marked here so the translation catalogue has
them: :func:`innofield.core.errors.shown` looks each field up in the active language at
run time (a money field without its ``_fen`` suffix: ``price_fen`` → "price")."""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

FIELDS = (
    # market: listings, deals, milestones, objections, cross-border review
    _("item"),
    _("owners"),
    _("contract_types"),
    _("contract_type"),
    _("notice_days"),
    _("asking_price"),
    _("auction_kind"),
    _("increment"),
    _("reserve"),
    _("broker"),
    _("buyer"),
    _("price"),
    _("amount"),
    _("transition"),
    _("technology_field"),
    _("title"),
    _("reason"),
    _("outcome"),
    _("resolution"),
    _("organization"),
    _("winner"),
    _("winner_bid_id"),
    _("milestone"),
    _("objection"),
    _("ends_at"),
    _("bidder"),
    _("direction"),
    _("state"),
    # booking: blackouts, qualifications, invoices
    _("kind"),
    _("on_clash"),
    _("user"),
    _("account"),
    _("evidence"),
    _("zone"),
    _("open_until"),
    _("open_days"),
    _("min_minutes"),
    _("max_minutes"),
    _("granularity_minutes"),
    _("quotas"),
    # booking: bookings and calendars
    _("start"),
    _("end"),
    _("purpose"),
    _("samples"),
    _("day"),
    _("week"),
    _("month"),
    # vouchers: grants, redemptions (and the modes and terms their refusals name)
    _("grant"),
    _("provider"),
    _("mode"),
    _("service_kind"),
    _("firm"),
    _("programme"),
    _("item_id"),
    _("key"),
    _("direct"),
    _("reimburse"),
    _("none"),
)
