"""State changes of cross-border technology contracts: file, submit, review.

Each function takes the acting user as keyword-only ``actor``, runs in one
transaction and writes its audit row there; nothing is written when it refuses.

* :func:`file_cross_border` — a manager of a party of an agreed or signed deal records
  the contract's cross-border terms as a draft (again while it is a draft). The amount
  is converted once to CNY fen with the given rate, and the deal's price becomes that
  amount: milestones and ledger payments stay in CNY fen;
* :func:`submit_cross_border` — the draft is registered (imports, exports outside the
  catalogue), referred to a government officer (restricted or unknown catalogue code)
  or refused (prohibited category, named in the reason);
* :func:`review_cross_border` — an officer or manager of a government body (or a
  platform admin) approves a referred export with its licence number, or refuses it
  with a reason.

Reasons are translated into the active language; field names stay as in the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innofield.core import audit
from innofield.core.countries import (
    HOME,
    HOME_CURRENCY,
    CodeError,
    normalize_country,
    normalize_currency,
)
from innofield.core.errors import (
    Conflict,
    FieldError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor, is_platform_admin, organization_ids
from innofield.registry.models import Organization

from . import crossborder, machine, parties, shares
from .deal_actions import lock_deal
from .deal_actions import require_cross_border_registered as require_cross_border_registered
from .listing_actions import move
from .models import CrossBorderContract, CrossBorderType, Deal, Direction, PaymentMethod

#: Deal states in which cross-border terms may be filed (before registration and payment).
FILING_STATES = ("agreed", "signed")
TEXT_LIMITS = {"counterpart_name": 300, "contract_no": 60}


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def clean_terms(data: dict[str, Any]) -> dict[str, Any]:
    """The cross-border terms checked and normalized; raises :class:`ValidationFailed`
    naming every field that is wrong. ``amount`` (text in major units) or
    ``amount_minor`` (integer) gives the amount."""
    problems: list[tuple[str, str]] = []
    out: dict[str, Any] = {}
    today = timezone.localdate()

    def text(name: str) -> None:
        value = str(data.get(name) or "").strip()
        if not value:
            problems.append((name, _("is required")))
        elif len(value) > TEXT_LIMITS[name]:
            problems.append((name, _("at most %(n)d characters") % {"n": TEXT_LIMITS[name]}))
        out[name] = value

    def choice(name: str, values: list[str]) -> None:
        value = str(data.get(name) or "").strip()
        if value not in values:
            problems.append((name, _("must be one of %(values)s") % {"values": ", ".join(values)}))
        out[name] = value

    def date(name: str) -> dt.date | None:
        raw = data.get(name)
        if raw in (None, ""):
            problems.append((name, _("is required")))
            return None
        try:
            out[name] = _date(raw)
        except ValueError:
            problems.append((name, _("give a date as YYYY-MM-DD")))
            return None
        return out[name]  # type: ignore[no-any-return]

    choice("direction", list(Direction.values))
    text("counterpart_name")
    text("contract_no")
    choice("contract_category", list(CrossBorderType.values))
    choice("payment_method", list(PaymentMethod.values))
    try:
        country = normalize_country(str(data.get("counterpart_country") or ""))
    except CodeError as exc:
        problems.append(("counterpart_country", str(exc)))
    else:
        if country == HOME:
            problems.append(
                (
                    "counterpart_country",
                    _("a cross-border contract needs a counterpart outside China (not CN)"),
                )
            )
        out["counterpart_country"] = country
    try:
        out["technology_category"] = crossborder.normalize_code(
            str(data.get("technology_category") or "")
        )
    except crossborder.AmountError:
        problems.append(
            (
                "technology_category",
                _("give 2 to 6 digits, optionally ending in J or X (e.g. 083915X)"),
            )
        )
    currency = None
    try:
        currency = normalize_currency(str(data.get("currency") or ""))
    except CodeError as exc:
        problems.append(("currency", str(exc)))
    else:
        if currency in crossborder.NOT_PAYABLE:
            problems.append(
                ("currency", _("%(code)s is not a currency of payment") % {"code": currency})
            )
            currency = None
        else:
            out["currency"] = currency
    if currency is not None:
        minor = data.get("amount_minor")
        if minor is not None and data.get("amount") in (None, ""):
            if not isinstance(minor, int) or isinstance(minor, bool) or minor <= 0:
                problems.append(("amount_minor", _("must be a positive whole number")))
            else:
                out["amount_minor"] = minor
        else:
            try:
                out["amount_minor"] = crossborder.parse_amount(
                    str(data.get("amount") or ""), currency
                )
            except crossborder.AmountError:
                problems.append(
                    (
                        "amount",
                        _("give a positive amount in %(currency)s with at most %(n)d decimals")
                        % {"currency": currency, "n": crossborder.minor_units(currency)},
                    )
                )
    try:
        rate = crossborder.check_rate(data.get("rate_cny_per_unit") or "")
    except crossborder.AmountError:
        problems.append(
            (
                "rate_cny_per_unit",
                _("give the rate (CNY per unit) as a number above 0 with at most 8 decimals"),
            )
        )
    else:
        if currency == HOME_CURRENCY and rate != 1:
            problems.append(("rate_cny_per_unit", _("a contract in CNY has the rate 1")))
        out["rate_cny_per_unit"] = rate
    rate_date = date("rate_date")
    if rate_date is not None and rate_date > today:
        problems.append(("rate_date", _("cannot be in the future")))
    signed = date("signed_on")
    if signed is not None and signed > today:
        problems.append(("signed_on", _("cannot be in the future")))
    until = date("valid_until")
    if signed is not None and until is not None and until < signed:
        problems.append(("valid_until", _("cannot be before the signing date")))
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])
    out["amount_cny_fen"] = crossborder.to_cny_fen(
        out["amount_minor"], out["currency"], out["rate_cny_per_unit"]
    )
    if not 0 < out["amount_cny_fen"] <= shares.MAX_FEN:
        field = "amount" if data.get("amount") not in (None, "") else "amount_minor"
        raise ValidationFailed.single(
            field,
            _("converts to %(cny)s; must be between %(low)s and %(high)s")
            % {
                "cny": format_yuan(out["amount_cny_fen"]),
                "low": format_yuan(1),
                "high": format_yuan(shares.MAX_FEN),
            },
        )
    return out


def _require_party_manager(actor: Actor, deal: Deal) -> None:
    if is_platform_admin(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to file cross-border terms"))
    if not parties.deal_parties(actor, deal, "manage"):
        raise PermissionDenied(
            _("only a manager of the deal's seller, buyer or broker may do this")
        )


def prohibited_reason(code: str) -> str:
    """Why an export of catalogue category ``code`` is refused, in the active language."""
    zh = (get_language() or "en").startswith("zh")
    return _(
        "export of category %(category)s is prohibited by the Catalogue of "
        "Technologies Prohibited or Restricted from Export (2023)"
    ) % {"category": crossborder.check_export(code).label(zh)}


def refusal_shown(row: CrossBorderContract) -> str:
    """The reason a refused contract shows: the catalogue's refusal said again in the
    reader's language (the stored text is in the submitter's); an officer's own words as
    they were written."""
    if row.state == "refused" and row.export_check == "prohibited":
        return prohibited_reason(row.technology_category)
    return row.refusal_reason


def lock_contract(contract_id: int) -> CrossBorderContract:
    """The contract, locked for update, or NotFound."""
    row = (
        CrossBorderContract.objects.select_for_update(of=("self",))
        .select_related("deal", "deal__listing", "deal__buyer")
        .filter(pk=contract_id)
        .first()
    )
    if row is None:
        raise NotFound(_("no cross-border contract with id %(id)s") % {"id": contract_id})
    return row


def file_cross_border(*, actor: Actor, deal_id: int, data: dict[str, Any]) -> CrossBorderContract:
    """Record (or, while a draft, re-record) the cross-border terms of an agreed or signed
    deal; the converted CNY amount becomes the deal's price."""
    terms = clean_terms(data)
    with transaction.atomic():
        deal = lock_deal(deal_id)
        _require_party_manager(actor, deal)
        if deal.state not in FILING_STATES:
            raise Conflict(
                _(
                    "cross-border terms are filed on agreed or signed deals; "
                    "deal %(id)d is '%(state)s'"
                )
                % {"id": deal.pk, "state": _(deal.state)}
            )
        if deal.milestones.filter(state="paid").exists():
            raise Conflict(_("deal %(id)d already has paid milestones") % {"id": deal.pk})
        planned = (
            deal.milestones.exclude(state="cancelled").aggregate(s=Sum("amount_fen"))["s"] or 0
        )
        if planned > terms["amount_cny_fen"]:
            raise ValidationFailed.single(
                "amount",
                _("converts to %(cny)s, less than the %(planned)s of planned milestones")
                % {"cny": format_yuan(terms["amount_cny_fen"]), "planned": format_yuan(planned)},
            )
        row = CrossBorderContract.objects.select_for_update().filter(deal=deal).first()
        created = row is None
        if row is None:
            row = CrossBorderContract(deal=deal)
            old, new = machine.START, machine.advance("cross_border", machine.START, "file")
            row.state = new
        elif row.state != "draft":
            raise Conflict(
                _(
                    "the cross-border contract of deal %(id)d is '%(state)s' "
                    "and can no longer change"
                )
                % {"id": deal.pk, "state": _(row.state)}
            )
        else:
            old = new = "draft"
        for name, value in terms.items():
            setattr(row, name, value)
        row.synthetic = bool(data.get("synthetic", deal.synthetic))
        row.save()
        old_price = deal.price_fen
        deal.price_fen = terms["amount_cny_fen"]
        deal.save(update_fields=["price_fen", "updated"])
        audit.record(
            actor,
            "market.cross_border.file",
            row,
            {
                "state": [old, new],
                "created": created,
                "deal": deal.pk,
                "currency": row.currency,
                "amount_minor": row.amount_minor,
                "rate_cny_per_unit": str(row.rate_cny_per_unit),
                "rate_date": row.rate_date.isoformat(),
                "amount_cny_fen": row.amount_cny_fen,
                "deal_price_fen": [old_price, deal.price_fen],
            },
        )
    return row


def _register(row: CrossBorderContract, now: dt.datetime) -> dict[str, Any]:
    row.registered_at = now
    row.registration_no = f"XB-{now:%Y}-{row.pk:06d}"
    return {"registration_no": row.registration_no}


def submit_cross_border(*, actor: Actor, contract_id: int) -> CrossBorderContract:
    """Submit a draft: imports and exports outside the catalogue register; restricted (or
    unknown catalogue) exports go to review; prohibited exports are refused, the
    category named in the reason."""
    with transaction.atomic():
        row = lock_contract(contract_id)
        _require_party_manager(actor, row.deal)
        now = timezone.now()
        check = (
            crossborder.check_export(row.technology_category)
            if row.direction == Direction.EXPORT
            else crossborder.ExportCheck("not_checked", row.technology_category)
        )
        zh = (get_language() or "en").startswith("zh")
        changes: dict[str, Any] = {"check": check.outcome}
        if check.outcome == "prohibited":
            transition = "refuse"
            row.refusal_reason = prohibited_reason(row.technology_category)
            changes["reason"] = row.refusal_reason
        elif check.outcome in ("restricted", "unknown"):
            transition = "refer"
        else:
            transition = "register"
        if check.category is not None:
            changes["category"] = check.label(zh)
        old, new = move("cross_border", row, transition)
        row.export_check = check.outcome if row.direction == Direction.EXPORT else ""
        if transition == "register":
            changes |= _register(row, now)
        row.save()
        audit.record(
            actor, f"market.cross_border.{transition}", row, {"state": [old, new], **changes}
        )
    return row


def may_review(actor: Actor) -> None:
    """Raise unless the actor is an officer or manager of a government body (or an admin)."""
    if is_platform_admin(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to review cross-border contracts"))
    govern = organization_ids(actor, "govern")
    if not Organization.objects.filter(pk__in=govern, type="government").exists():
        raise PermissionDenied(
            _("only officers of a government body review cross-border contracts")
        )


def is_reviewer(actor: Actor) -> bool:
    """True if the actor may review cross-border contracts."""
    try:
        may_review(actor)
    except PermissionDenied:
        return False
    return True


def review_cross_border(
    *, actor: Actor, contract_id: int, outcome: str, licence_no: str = "", reason: str = ""
) -> CrossBorderContract:
    """Approve a referred export (recording its licence number) or refuse it (with a reason)."""
    may_review(actor)
    if outcome not in ("approve", "refuse"):
        raise ValidationFailed.single("outcome", _("must be approve or refuse"))
    licence_no, reason = (licence_no or "").strip(), (reason or "").strip()
    if outcome == "approve" and not licence_no:
        raise ValidationFailed.single(
            "licence_no", _("an approval records the export licence number")
        )
    if outcome == "approve" and len(licence_no) > 60:
        raise ValidationFailed.single("licence_no", _("at most %(n)d characters") % {"n": 60})
    if outcome == "refuse" and not reason:
        raise ValidationFailed.single("reason", _("say why the export is refused"))
    with transaction.atomic():
        row = lock_contract(contract_id)
        old, new = move("cross_border", row, outcome)
        row.reviewed_by_id = actor.pk if actor is not None and actor.is_authenticated else None
        changes: dict[str, Any] = {}
        if outcome == "approve":
            row.licence_no = licence_no
            changes = {"licence_no": licence_no, **_register(row, timezone.now())}
        else:
            row.refusal_reason = reason
            changes = {"reason": reason}
        row.save()
        audit.record(actor, f"market.cross_border.{outcome}", row, {"state": [old, new], **changes})
    return row
