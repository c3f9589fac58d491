"""Models of the technology market: listings, co-owners, objections, bids, deals, milestones.

Amounts are integers in fen (1/100 CNY), as on the ledger. States follow the
tables in :mod:`innofield.market.machine`; they change only through
:mod:`innofield.market.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innofield.catalog.models import Item
from innofield.registry.models import Organization

from . import crossborder, machine


def _choices(name: str) -> list[tuple[str, str]]:
    return [(s, s) for s in machine.states(name)]


class TradeMode(models.TextChoices):
    """How a listing is traded."""

    AGREEMENT = "agreement", _("agreement")
    LISTING = "listing", _("listing with public notice")
    AUCTION = "auction", _("auction")
    TENDER = "tender", _("tender")


class ContractType(models.TextChoices):
    """Types of technology contract, as registration offices classify them."""

    TRANSFER = "transfer", _("technology transfer")
    LICENSE = "license", _("license")
    EQUITY = "equity", _("equity contribution")
    DEVELOPMENT = "development", _("technology development")
    CONSULTING = "consulting", _("technology consulting")
    SERVICE = "service", _("technology service")


PUBLIC_LISTING_STATES = ("open", "bidding", "unsold", "awarded", "closed")


class Listing(models.Model):
    """A technology offered on the market by its co-owners, in one trade mode."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="listings")
    seller = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="market_listings",
        help_text="the lead co-owner, who manages the listing",
    )
    broker = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="brokered_listings",
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    mode = models.CharField(max_length=10, choices=TradeMode.choices)
    state = models.CharField(
        max_length=12, choices=_choices("listing"), default="draft", db_index=True
    )
    contract_types = models.JSONField(default=list, blank=True, help_text="contract types offered")
    asking_price_fen = models.BigIntegerField(null=True, blank=True)
    technology_field = models.CharField(max_length=100, blank=True)
    notice_days = models.PositiveSmallIntegerField(default=0)
    notice_starts_at = models.DateTimeField(null=True, blank=True)
    notice_ends_at = models.DateTimeField(null=True, blank=True)
    auction_kind = models.CharField(max_length=10, blank=True, help_text="ascending or sealed")
    start_fen = models.BigIntegerField(default=0)
    reserve_fen = models.BigIntegerField(default=0)
    increment_fen = models.BigIntegerField(default=0)
    bidding_ends_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "seller"
    audit_parties = ("broker",)
    permission_public = Q(state__in=PUBLIC_LISTING_STATES)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(asking_price_fen__isnull=True) | Q(asking_price_fen__gte=0),
                name="listing_price_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(start_fen__gte=0, reserve_fen__gte=0, increment_fen__gte=0),
                name="listing_auction_terms_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"listing {self.pk}: {self.title[:80]}"


class ListingOwner(models.Model):
    """A co-owner of a listed technology and its share of the revenue (shares sum to 1)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="owners")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(max_digits=7, decimal_places=6)
    position = models.PositiveSmallIntegerField()

    permission_owner = "listing__seller"
    permission_public = Q(listing__state__in=PUBLIC_LISTING_STATES)

    class Meta:
        ordering = ["listing", "position"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "organization"], name="one_share_per_owner"),
            models.UniqueConstraint(fields=["listing", "position"], name="one_owner_per_position"),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=1), name="share_in_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.organization.code} {self.share}"


class Objection(models.Model):
    """An objection raised against a listing during its public-notice period."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    state = models.CharField(
        max_length=10, choices=_choices("objection"), default="open", db_index=True
    )
    resolution = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    permission_owner = "listing__seller"
    audit_parties = ("organization", "listing__broker")
    permission_public = Q(listing__state__in=PUBLIC_LISTING_STATES)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"objection {self.pk} to listing {self.listing_id} ({self.state})"


class Bid(models.Model):
    """A bid in an auction or a proposal in a tender; earlier ids win ties."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="bids")
    bidder = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="market_bids")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount_fen = models.BigIntegerField()
    proposal = models.TextField(blank=True)
    placed_at = models.DateTimeField(auto_now_add=True)

    permission_owner = "bidder"
    permission_public = None

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="bid_positive")]

    def __str__(self) -> str:
        return f"bid {self.pk}: {self.bidder.code} {self.amount_fen} fen"


class Deal(models.Model):
    """One buyer's way from inquiry to a registered, paid technology contract."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="deals")
    buyer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="market_purchases"
    )
    broker = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="brokered_deals"
    )
    state = models.CharField(
        max_length=12, choices=_choices("deal"), default="inquiry", db_index=True
    )
    message = models.TextField(blank=True)
    winning_bid = models.OneToOneField(
        Bid, null=True, blank=True, on_delete=models.PROTECT, related_name="deal"
    )
    contract_type = models.CharField(max_length=12, choices=ContractType.choices, blank=True)
    price_fen = models.BigIntegerField(null=True, blank=True)
    terms = models.TextField(blank=True)
    contract_no = models.CharField(max_length=40, blank=True)
    seller_signed_at = models.DateTimeField(null=True, blank=True)
    buyer_signed_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(
        null=True, blank=True, help_text="when both parties had signed"
    )
    technology_field = models.CharField(max_length=100, blank=True)
    registration_no = models.CharField(max_length=40, blank=True, db_index=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "listing__seller"
    audit_parties = ("buyer", "broker", "listing__broker")
    permission_public = None

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_fen__isnull=True) | Q(price_fen__gt=0), name="deal_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"deal {self.pk}: {self.buyer.code} ← listing {self.listing_id} ({self.state})"


class Milestone(models.Model):
    """A payment milestone of a contract; paying it splits the money among the co-owners."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="milestones")
    seq = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    amount_fen = models.BigIntegerField()
    due_on = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=_choices("milestone"), default="planned", db_index=True
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_key = models.CharField(max_length=80, blank=True)
    splits = models.JSONField(
        default=list, blank=True, help_text="[{organization, share, amount_fen}]"
    )

    permission_owner = "deal__listing__seller"
    audit_parties = ("deal__buyer", "deal__broker")
    permission_public = None

    class Meta:
        ordering = ["deal", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "seq"], name="one_milestone_per_seq"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="milestone_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"milestone {self.seq} of deal {self.deal_id}: {self.title[:60]}"


class Direction(models.TextChoices):
    """Which way technology crosses the border."""

    EXPORT = "export", _("technology export")
    IMPORT = "import", _("technology import")


class CrossBorderType(models.TextChoices):
    """Contract categories of the Measures for the Registration of Technology Import and
    Export Contracts (技术进出口合同登记管理办法)."""

    PATENT_ASSIGNMENT = "patent_assignment", _("patent assignment")
    PATENT_APPLICATION_ASSIGNMENT = (
        "patent_application_assignment",
        _("assignment of a patent application right"),
    )
    PATENT_LICENSE = "patent_license", _("patent licence")
    KNOW_HOW_LICENSE = "know_how_license", _("know-how (technical secret) licence")
    TECHNICAL_SERVICE = "technical_service", _("technical service")
    OTHER = "other", _("other contract involving technology import or export")


class PaymentMethod(models.TextChoices):
    """How the contract price is paid, as the registration form asks."""

    LUMP_SUM = "lump_sum", _("lump sum")
    INSTALMENTS = "instalments", _("fixed price in instalments")
    ROYALTY = "royalty", _("royalties")
    ROYALTY_WITH_DOWN_PAYMENT = "royalty_with_down_payment", _("royalties with a down payment")
    OTHER = "other", _("other")


class CrossBorderContract(models.Model):
    """The cross-border terms of a market deal: a technology import or export contract.

    One per deal (the deal carries the parties, price, milestones and ledger payments).
    The amount is kept in the contract currency's minor units; the rate (CNY per one
    major unit) and its date are stored exactly, and ``amount_cny_fen`` — the converted
    amount, rounded half up — becomes the deal's price, so money on the ledger stays in
    CNY fen. States follow ``machine.CROSS_BORDER``; changes go through the actions.
    """

    deal = models.OneToOneField(Deal, on_delete=models.PROTECT, related_name="cross_border")
    direction = models.CharField(max_length=6, choices=Direction.choices)
    counterpart_name = models.CharField(max_length=300, help_text="the party abroad")
    counterpart_country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    contract_category = models.CharField(max_length=30, choices=CrossBorderType.choices)
    technology_category = models.CharField(
        max_length=7, help_text="category code, e.g. 083915X (catalogue codes end in J or X)"
    )
    currency = models.CharField(max_length=3, help_text="ISO 4217 code of the contract")
    amount_minor = models.BigIntegerField(help_text="contract amount in the currency's minor units")
    rate_cny_per_unit = models.DecimalField(
        max_digits=18, decimal_places=8, help_text="CNY per one major unit, exactly as given"
    )
    rate_date = models.DateField(help_text="the date of the conversion rate")
    amount_cny_fen = models.BigIntegerField(help_text="amount × rate in CNY fen, half up")
    contract_no = models.CharField(max_length=60)
    signed_on = models.DateField()
    valid_until = models.DateField()
    payment_method = models.CharField(max_length=30, choices=PaymentMethod.choices)
    state = models.CharField(
        max_length=12, choices=_choices("cross_border"), default="draft", db_index=True
    )
    export_check = models.CharField(
        max_length=12, blank=True, help_text="free, restricted, prohibited or unknown"
    )
    registration_no = models.CharField(max_length=40, blank=True, db_index=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    licence_no = models.CharField(max_length=60, blank=True, help_text="export licence")
    refusal_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "deal__listing__seller"
    audit_parties = ("deal__buyer", "deal__broker")
    permission_public = None

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_minor__gt=0, amount_cny_fen__gt=0, rate_cny_per_unit__gt=0),
                name="cross_border_amounts_positive",
            ),
            models.CheckConstraint(
                condition=~Q(counterpart_country="CN"), name="cross_border_counterpart_abroad"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} contract of deal {self.deal_id} ({self.state})"

    @property
    def rate_text(self) -> str:
        """The rate as given, without trailing zeros (``7.8``, ``100``)."""
        return crossborder.format_rate(self.rate_cny_per_unit)
