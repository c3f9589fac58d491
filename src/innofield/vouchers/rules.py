"""Voucher rules as pure functions over plain values: no Django, no database.

Every check returns a list of ``(field, reason)`` pairs; an empty list means allowed.
Amounts are integers in fen; ratios are basis points (5000 = 50 %).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from innofield.core.errors import gettext

MODES = ("reimburse", "direct")
MAX_FEN = 10**15  # ten trillion yuan: anything larger is a typo (and overflows BIGINT sums)
MAX_WINDOW_DAYS = 3650
EVIDENCE = re.compile(r"^(booking|milestone|usage|computing|consultation):[A-Za-z0-9_-]{1,60}$")
Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class Terms:
    """The rules of a programme, as plain values."""

    co_funding_bp: int
    cap_per_firm_year: int
    max_per_contract: int | None
    split_window_days: int
    valid_from: dt.date
    valid_to: dt.date
    eligible_org_types: Sequence[str] = ()
    max_employees: int | None = None
    eligible_regions: Sequence[str] = ()
    provider_regions: Sequence[str] = ()
    service_kinds: Sequence[str] = ()
    modes: Sequence[str] = MODES


@dataclass(frozen=True)
class Party:
    """An organization as the rules see it: type, region chain (own region first, then
    its ancestors), host, employees and the ids of its members' user accounts."""

    id: int
    type: str
    regions: Sequence[str]
    host: int | None = None
    employees: int | None = None
    members: frozenset[int] = field(default_factory=frozenset)


def _yuan(fen: int) -> str:
    """``fen`` as yuan the way pages show money (``¥1,234.56``)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def _modes(modes: Sequence[str]) -> str:
    return ", ".join(gettext(m) for m in modes)


def terms_errors(t: Terms) -> Problems:
    """Problems with a programme's terms themselves."""
    out: Problems = []
    for name in ("cap_per_firm_year", "max_per_contract"):
        value = getattr(t, name)
        if value is not None and value > MAX_FEN:
            out.append((name, gettext("must be at most %(amount)s") % {"amount": _yuan(MAX_FEN)}))
    if t.split_window_days > MAX_WINDOW_DAYS:
        out.append(
            ("split_window_days", gettext("must be at most %(days)s") % {"days": MAX_WINDOW_DAYS})
        )
    if t.max_employees is not None and not 0 < t.max_employees <= 10_000_000:
        out.append(("max_employees", gettext("must be between 1 and 10000000")))
    if not 1 <= t.co_funding_bp <= 10_000:
        out.append(("co_funding_bp", gettext("must be between 0.01 % and 100 %")))
    if t.cap_per_firm_year <= 0:
        out.append(("cap_per_firm_year", gettext("must be greater than zero")))
    if t.max_per_contract is not None and t.max_per_contract <= 0:
        out.append(("max_per_contract", gettext("must be greater than zero when given")))
    if t.split_window_days < 0:
        out.append(("split_window_days", gettext("must not be negative")))
    if t.valid_to < t.valid_from:
        out.append(("valid_to", gettext("must not be before the first valid day")))
    bad = [m for m in t.modes if m not in MODES]
    if bad or not t.modes:
        out.append(
            ("modes", gettext("must be a non-empty subset of %(modes)s") % {"modes": _modes(MODES)})
        )
    return out


def eligibility_errors(t: Terms, firm: Party) -> Problems:
    """Why ``firm`` may not receive a grant of a programme with terms ``t``."""
    out: Problems = []
    if t.eligible_org_types and firm.type not in t.eligible_org_types:
        out.append(
            (
                "firm",
                gettext("organization type %(type)s is not eligible (eligible: %(types)s)")
                % {
                    "type": gettext(firm.type),
                    "types": ", ".join(gettext(x) for x in t.eligible_org_types),
                },
            )
        )
    if t.max_employees is not None:
        if firm.employees is None:
            out.append(
                (
                    "firm",
                    gettext(
                        "the firm's size (employees) is unknown; the programme requires at "
                        "most %(limit)s employees"
                    )
                    % {"limit": t.max_employees},
                )
            )
        elif firm.employees > t.max_employees:
            out.append(
                (
                    "firm",
                    gettext("%(count)s employees exceed the limit of %(limit)s")
                    % {"count": firm.employees, "limit": t.max_employees},
                )
            )
    if t.eligible_regions and not set(firm.regions) & set(t.eligible_regions):
        out.append(
            (
                "firm",
                gettext("region %(region)s is outside the eligible regions %(regions)s")
                % {
                    "region": firm.regions[0] if firm.regions else "?",
                    "regions": ", ".join(t.eligible_regions),
                },
            )
        )
    return out


def grant_errors(t: Terms, *, amount: int, granted_this_year: int, today: dt.date) -> Problems:
    """Why a grant of ``amount`` fen may not be made (validity and the yearly cap)."""
    out: Problems = []
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        return [("amount", gettext("must be a positive amount"))]
    if not t.valid_from <= today <= t.valid_to:
        out.append(
            (
                "programme",
                gettext("the programme is valid from %(start)s to %(end)s, not on %(today)s")
                % {"start": t.valid_from, "end": t.valid_to, "today": today},
            )
        )
    if granted_this_year + amount > t.cap_per_firm_year:
        left = max(t.cap_per_firm_year - granted_this_year, 0)
        out.append(
            (
                "amount",
                gettext("exceeds the cap per firm per year: %(left)s of %(cap)s left this year")
                % {"left": _yuan(left), "cap": _yuan(t.cap_per_firm_year)},
            )
        )
    return out


def related_party_reason(firm: Party, provider: Party) -> str | None:
    """Why firm and provider are related parties (same organization, same host, one
    hosting the other, or shared members), or ``None``."""
    if firm.id == provider.id:
        return gettext("the firm cannot redeem at itself")
    if firm.host is not None and firm.host == provider.host:
        return gettext("firm and provider share the same host organization")
    if firm.host == provider.id or provider.host == firm.id:
        return gettext("one of firm and provider hosts the other")
    shared = firm.members & provider.members
    if shared:
        return gettext("firm and provider share %(count)s member(s)") % {"count": len(shared)}
    return None


def subsidy(t: Terms, *, price: int, remaining: int) -> int:
    """The voucher's share of ``price``: the co-funding ratio, capped per contract and by
    what is left on the grant (rounded down to the fen)."""
    share = price * t.co_funding_bp // 10_000
    if t.max_per_contract is not None:
        share = min(share, t.max_per_contract)
    return max(min(share, remaining), 0)


def redemption_errors(
    t: Terms,
    *,
    firm: Party,
    provider: Party,
    price: int,
    mode: str,
    service_kind: str,
    evidence: str,
    today: dt.date,
    expires_on: dt.date,
    grant_active: bool,
    remaining: int,
    recent_subsidies: Iterable[int],
) -> Problems:
    """Why a redemption may not be made; ``recent_subsidies`` are the subsidies already
    paid to this firm at this provider within the split window."""
    out: Problems = []
    if isinstance(price, bool) or not isinstance(price, int) or not 0 < price <= MAX_FEN:
        out.append(
            (
                "price",
                gettext("must be a positive amount, at most %(max)s") % {"max": _yuan(MAX_FEN)},
            )
        )
        return out
    if not isinstance(service_kind, str) or len(service_kind) > 40:
        out.append(("service_kind", gettext("must be at most 40 characters")))
    if mode not in t.modes:
        out.append(
            (
                "mode",
                gettext("must be one of %(modes)s for this programme") % {"modes": _modes(t.modes)},
            )
        )
    if t.service_kinds and service_kind not in t.service_kinds:
        out.append(
            (
                "service_kind",
                gettext("%(kind)s is not accepted (accepted: %(kinds)s)")
                % {
                    "kind": gettext(service_kind) if service_kind else gettext("none"),
                    "kinds": ", ".join(gettext(k) for k in t.service_kinds),
                },
            )
        )
    if t.provider_regions and not set(provider.regions) & set(t.provider_regions):
        out.append(
            (
                "provider",
                gettext("providers in %(region)s are not accepted (accepted: %(regions)s)")
                % {
                    "region": provider.regions[0] if provider.regions else "?",
                    "regions": ", ".join(t.provider_regions),
                },
            )
        )
    if not isinstance(evidence, str) or not EVIDENCE.match(evidence):
        out.append(
            (
                "evidence",
                gettext(
                    "delivery evidence is required as booking:<id>, milestone:<id>, "
                    "computing:<id>, consultation:<id> or usage:<id>"
                ),
            )
        )
    if not grant_active:
        out.append(("grant", gettext("the grant is not active")))
    elif today > expires_on:
        out.append(("grant", gettext("the grant expired on %(day)s") % {"day": expires_on}))
    elif remaining <= 0:
        out.append(("grant", gettext("nothing is left on the grant")))
    why = related_party_reason(firm, provider)
    if why:
        out.append(("provider", gettext("related parties: %(why)s") % {"why": why}))
    if out:
        return out
    if subsidy(t, price=price, remaining=remaining) <= 0:
        return [("price", gettext("too small: the voucher's share rounds down to nothing"))]
    if t.max_per_contract is None:
        return out
    earlier = sum(recent_subsidies)
    if earlier > 0 and earlier + subsidy(t, price=price, remaining=remaining) > t.max_per_contract:
        out.append(
            (
                "price",
                gettext(
                    "contract splitting: %(earlier)s already paid to this firm at this "
                    "provider within %(days)s days; together this exceeds the cap per "
                    "contract of %(cap)s"
                )
                % {
                    "earlier": _yuan(earlier),
                    "days": t.split_window_days,
                    "cap": _yuan(t.max_per_contract),
                },
            )
        )
    return out


def net_positions(claims: Iterable[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    """Net amounts to settle per unordered region pair from ``(issuer, provider_region,
    amount)`` claims: key ``(payer, payee)``, value > 0; pairs that cancel are left out."""
    gross: dict[tuple[str, str], int] = {}
    for issuer, provider_region, amount in claims:
        a, b = sorted((issuer, provider_region))
        sign = 1 if issuer == a else -1
        gross[(a, b)] = gross.get((a, b), 0) + sign * amount
    out = {}
    for (a, b), value in gross.items():
        if value > 0:
            out[(a, b)] = value
        elif value < 0:
            out[(b, a)] = -value
    return out
