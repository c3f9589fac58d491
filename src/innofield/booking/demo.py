"""Demo records of the booking app: policies for the demo instruments, three months of
bookings and usage before the load date and two weeks ahead. All synthetic, from the seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from innofield.catalog.models import Item
from innofield.core import audit
from innofield.ledger import engine as ledger
from innofield.ledger.funding import DEMO_BANK
from innofield.ledger.models import Account
from innofield.registry.models import Membership, Organization

from . import figures, lifecycle, pricing
from .models import Booking, Invoice, InvoicePayment, Policy, UsageLog
from .terms import prices_of, tier_for

Progress = Callable[[str, int, int], None]
DAYS_BACK = 90
DAYS_AHEAD = 14


def _whole_yuan(fen: int, share: str) -> int:
    """``share`` of ``fen``, rounded to whole yuan (half to even), in fen."""
    return int((Decimal(fen) / 100 * Decimal(share)).quantize(Decimal("1"))) * 100


def _policy(item: Item, rng: random.Random) -> Policy:
    base = item.price_fen or 20_000
    cross = rng.random() < 0.7
    return Policy(
        instrument=item,
        zone="Asia/Shanghai",
        open_from=rng.choice([8 * 60, 8 * 60 + 30, 9 * 60]),
        open_until=rng.choice([17 * 60 + 30, 18 * 60, 20 * 60, 22 * 60]),
        open_days=[0, 1, 2, 3, 4] if rng.random() < 0.7 else [0, 1, 2, 3, 4, 5],
        min_minutes=rng.choice([30, 60]),
        max_minutes=rng.choice([240, 480]),
        granularity_minutes=30,
        min_notice_minutes=rng.choice([0, 60, 24 * 60]),
        max_advance_days=rng.choice([30, 60, 90]),
        buffer_minutes=rng.choice([0, 15, 30]),
        approval_required=rng.random() < 0.4,
        qualification_required=rng.random() < 0.3,
        quotas=[{"scope": "user", "period": "week", "max_hours": 16}] if rng.random() < 0.3 else [],
        price_internal_fen=_whole_yuan(base, "0.3"),
        price_academic_fen=_whole_yuan(base, "0.6"),
        price_industry_fen=base,
        price_cross_region_fen=_whole_yuan(base, "0.8") if cross else None,
        synthetic=True,
    )


def load_demo(*, seed: int, progress: Progress) -> dict[str, int]:
    """Write policies, bookings and usage logs for the demo instruments; returns counts."""
    rng = random.Random(seed + 5)
    items = list(
        Item.objects.filter(kind="instrument")
        .select_related("owner__region__parent")
        .order_by("id")
    )
    members = list(
        Membership.objects.select_related("user", "organization__region__parent").order_by("id")
    )
    bookers = [(m.user, m.organization) for m in members if m.organization.type != "government"]
    insiders = {m.organization_id: m.user for m in members}
    if not items or not bookers:
        return {"booking policies": 0, "bookings": 0, "usage logs": 0}
    User = get_user_model()
    synthetic_users = []
    firms = list(Organization.objects.filter(code__startswith="FIRM-").order_by("code")[:40])
    for org in firms:
        user = User.objects.filter(
            username=f"booker-{org.code.lower()}"
        ).first() or User.objects.create_user(f"booker-{org.code.lower()}")
        synthetic_users.append((user, org))
    bookers += synthetic_users
    today = timezone.now().astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    policies, bookings, usages = [], [], []
    with transaction.atomic():
        for n, item in enumerate(items):
            policy = _policy(item, rng)
            policies.append(policy)
            cursor = today - dt.timedelta(days=DAYS_BACK)
            busy = rng.uniform(0.05, 0.6)  # share of days with a booking: some instruments sit idle
            while cursor < today + dt.timedelta(days=DAYS_AHEAD):
                day = cursor
                cursor += dt.timedelta(days=1)
                if (
                    rng.random() > busy
                    or (day + dt.timedelta(hours=8)).weekday() not in policy.open_days
                ):
                    continue
                insider = insiders.get(item.owner_id)
                if insider is not None and rng.random() < 0.4:
                    user, org = insider, item.owner
                else:
                    user, org = rng.choice(bookers)
                local_open = day + dt.timedelta(minutes=policy.open_from) - dt.timedelta(hours=8)
                start = local_open + dt.timedelta(minutes=30 * rng.randrange(4))
                end = start + dt.timedelta(minutes=60 * rng.randint(1, 4))
                tier = tier_for(org, item, policy)
                price = prices_of(policy).for_tier(tier)
                quoted = pricing.quote(price, start, end)
                past = end < today
                roll = rng.random()
                status = (
                    (
                        lifecycle.COMPLETED
                        if roll < 0.85
                        else lifecycle.NO_SHOW
                        if roll < 0.92
                        else lifecycle.CANCELLED
                    )
                    if past
                    else lifecycle.CONFIRMED
                )
                used_end = (
                    end - dt.timedelta(minutes=30 * rng.randrange(2))
                    if status == "completed"
                    else end
                )
                charge = (
                    pricing.usage_charge(
                        price_fen=price,
                        booked=(start, end),
                        used=(start, used_end),
                        bill_max=True,
                    )
                    if status == "completed"
                    else 0
                )
                booking = Booking(
                    instrument=item,
                    user=user,
                    organization=org,
                    start=start,
                    end=end,
                    hold_start=start,
                    hold_end=end + dt.timedelta(minutes=policy.buffer_minutes),
                    status=status,
                    purpose="synthetic demo booking",
                    tier=tier,
                    price_per_hour_fen=price,
                    quoted_fen=quoted,
                    charge_fen=charge,
                    synthetic=True,
                    checked_in_at=start if status == "completed" else None,
                    checked_out_at=used_end if status == "completed" else None,
                )
                bookings.append(booking)
                if status == "completed":
                    usages.append(
                        (
                            booking,
                            UsageLog(
                                instrument=item,
                                organization=org,
                                start=start,
                                end=used_end,
                                operator=user.username,
                                samples=rng.randint(1, 12),
                                external=tier != pricing.INTERNAL,
                                income_fen=charge,
                                synthetic=True,
                            ),
                        )
                    )
            if progress is not None and n % 100 == 0:
                progress("booking demo", n, len(items))
        Policy.objects.bulk_create(policies, batch_size=500)
        Booking.objects.bulk_create(bookings, batch_size=1000)
        for booking, usage in usages:
            usage.booking = booking
        UsageLog.objects.bulk_create([u for _, u in usages], batch_size=1000)
        invoices = _bill(bookings, today)
        local = timezone.localtime(today).date()
        figures.ensure_covered(
            [i.pk for i in items],
            local - dt.timedelta(days=DAYS_BACK + 10),
            local + dt.timedelta(days=DAYS_AHEAD + 2),
        )
        audit.record(
            None,
            "booking.demo.load",
            None,
            {
                "policies": len(policies),
                "bookings": len(bookings),
                "usage": len(usages),
                "seed": seed,
            },
            object_type="booking.booking",
            object_repr="synthetic booking demo",
        )
    if progress is not None:
        progress("booking demo", len(items), len(items))
    return {
        "booking policies": len(policies),
        "bookings": len(bookings),
        "usage logs": len(usages),
        "booking invoices": invoices,
    }


#: Bills of bookings that ended more than this many days before the load date are paid;
#: the more recent ones are left open, for the demo's firms to pay (or cover by voucher).
PAID_AFTER_DAYS = 10


def _status(b: Booking, payee_id: int, today: dt.datetime) -> str:
    if b.organization_id == payee_id:
        return "internal"
    return "paid" if b.end < today - dt.timedelta(days=PAID_AFTER_DAYS) else "open"


def _bill(bookings: list[Booking], today: dt.datetime) -> int:
    """Invoice every charged demo booking and pay the older bills on the ledger in one
    batch, after funding each paying organisation's account with what it owes and a
    margin (synthetic opening balances). Returns the number of invoices."""
    charged = [b for b in bookings if b.charge_fen > 0]
    if not charged:
        return 0
    owners = {b.instrument_id: b.instrument.owner for b in charged}
    invoices = Invoice.objects.bulk_create(
        [
            Invoice(
                booking=b,
                kind=Invoice.Kind.USAGE,
                payer_id=b.organization_id,
                payee_id=owners[b.instrument_id].pk,
                amount_fen=b.charge_fen,
                status=_status(b, owners[b.instrument_id].pk, today),
                settled_at=None
                if _status(b, owners[b.instrument_id].pk, today) == "open"
                else b.end,
                synthetic=True,
            )
            for b in charged
        ],
        batch_size=1000,
    )
    orgs = {b.organization_id: b.organization for b in charged} | {o.pk: o for o in owners.values()}
    if not Account.objects.filter(code=DEMO_BANK).exists():
        ledger.open_account(
            actor=None, code=DEMO_BANK, name="outside world (demo)", kind="external"
        )
    codes = {pk: ledger.ensure_organization_account(None, org) for pk, org in orgs.items()}
    to_pay = [i for i in invoices if i.status == "paid"]
    owed: dict[int, int] = {}
    for i in invoices:
        if i.status != "internal":
            owed[i.payer_id] = owed.get(i.payer_id, 0) + i.amount_fen
    postings = [
        ledger.Posting(
            key=f"demo:booking-funds:{orgs[pk].code}",
            debit=DEMO_BANK,
            credit=codes[pk],
            amount=amount + 5_000_000,
            memo="opening balance for instrument bills (synthetic)",
        )
        for pk, amount in sorted(owed.items())
    ] + [
        ledger.Posting(
            key=f"booking:invoice:{i.pk}",
            debit=codes[i.payer_id],
            credit=codes[i.payee_id],
            amount=i.amount_fen,
            memo=f"booking {i.booking_id}: invoice {i.pk}",
            metadata={"invoice": i.pk, "booking": i.booking_id},
        )
        for i in to_pay
    ]
    transfers = ledger.post_many(actor=None, postings=postings, purpose="demo instrument bills")
    by_key = {t.key: t for t in transfers}
    InvoicePayment.objects.bulk_create(
        [
            InvoicePayment(
                invoice=i,
                transfer=by_key[f"booking:invoice:{i.pk}"],
                source=InvoicePayment.Source.PAYER,
                amount_fen=i.amount_fen,
            )
            for i in to_pay
        ],
        batch_size=1000,
    )
    Invoice.objects.filter(status="paid", paid_fen=0, voucher_fen=0).update(
        paid_fen=models.F("amount_fen")
    )
    return len(invoices)
