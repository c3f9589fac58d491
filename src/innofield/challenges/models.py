"""Open innovation challenges: the problem with its criteria, prize and eligibility, the
judges the poster names, solvers' submissions, the judges' scores and the awards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from innofield.registry.models import Organization

from .lifecycle import CHALLENGE, PUBLISHED, SUBMISSION, Machine

#: Organisation types that may post a challenge: firms and government bodies.
POSTER_TYPES = ("large_enterprise", "sme", "specialized_sme", "government")


def _choices(machine: Machine) -> list[tuple[str, str]]:
    return [(s, s.replace("_", " ")) for s in machine.states()]


class Challenge(models.Model):
    """A problem posted by a firm or a government body with a prize (fen) that waits in
    the escrow ``challenges:prize:<id>`` from publication until it is paid to the winners
    or returned to the poster.

    ``criteria`` are the published judging criteria: ``[{name, label, weight, max}]``,
    weights in percent summing to 100, each scored from 0 to ``max``; a submission's
    total is the weighted sum on a 0–100 scale, and it qualifies for the prize with a
    judges' mean of at least ``min_score``. Eligibility: ``regions`` (region codes; a
    solver qualifies if its region lies in one of them; empty: every region),
    ``org_types`` (organisation types; empty: every type) and ``foreign_allowed``
    (foreign solvers — foreign-funded R&D centres and organisations outside China —
    may submit whatever ``regions`` say).
    """

    poster = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="posted_challenges"
    )
    title = models.CharField(max_length=300)
    description = models.TextField()
    criteria = models.JSONField(default=list)
    min_score = models.PositiveSmallIntegerField(default=60)
    prize_fen = models.BigIntegerField()
    returned_fen = models.BigIntegerField(default=0, help_text="prize returned to the poster")
    escrow_account = models.CharField(max_length=80, blank=True)
    regions = models.JSONField(default=list, blank=True)
    org_types = models.JSONField(default=list, blank=True)
    foreign_allowed = models.BooleanField(default=True)
    deadline = models.DateTimeField(help_text="submissions close")
    award_deadline = models.DateTimeField(help_text="the prize is returned if not awarded by")
    state = models.CharField(
        max_length=10, choices=_choices(CHALLENGE), default="draft", db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    permission_owner = "poster"
    permission_public = Q(state__in=PUBLISHED)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(prize_fen__gt=0), name="challenge_prize_positive"),
            models.CheckConstraint(
                condition=Q(returned_fen__gte=0) & Q(returned_fen__lte=models.F("prize_fen")),
                name="challenge_return_within_prize",
            ),
            models.CheckConstraint(condition=Q(min_score__lte=100), name="challenge_min_score"),
        ]

    def __str__(self) -> str:
        return f"challenge {self.pk}: {self.title[:80]}"


class Judge(models.Model):
    """A person the poster names to score the submissions (an expert of any organisation)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    permission_owner = "challenge__poster"

    class Meta:
        ordering = ["challenge_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="challenge_judge_once")
        ]

    def __str__(self) -> str:
        return f"judge {self.user_id} of challenge {self.challenge_id}"


class Submission(models.Model):
    """A solver organisation's solution: text and an optional attachment (kept in the
    database, at most ``INNOFIELD_MAX_UPLOAD_BYTES``)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="submissions")
    solver = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="challenge_submissions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    text = models.TextField()
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    state = models.CharField(
        max_length=12, choices=_choices(SUBMISSION), default="submitted", db_index=True
    )
    note = models.CharField(max_length=500, blank=True, help_text="why disqualified")
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "solver"
    audit_parties = ("challenge__poster",)

    class Meta:
        ordering = ["challenge_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "solver"],
                condition=Q(state="submitted"),
                name="challenge_one_live_submission",
            )
        ]

    def __str__(self) -> str:
        return f"submission {self.pk} of {self.solver_id} to challenge {self.challenge_id}"


class Score(models.Model):
    """One judge's scores of one submission, by criterion, and the weighted total (0–100)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="scores")
    scores = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "submission__challenge__poster"
    audit_parties = ("submission__solver",)

    class Meta:
        ordering = ["submission_id", "judge_id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "judge"], name="challenge_score_once"),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=100), name="challenge_score_total"
            ),
        ]

    def __str__(self) -> str:
        return f"score of submission {self.submission_id} by judge {self.judge_id}"


class Award(models.Model):
    """A part of the prize paid from the escrow to a winning submission's solver."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="awards")
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="award")
    amount_fen = models.BigIntegerField()
    transfer_key = models.CharField(max_length=120)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "challenge__poster"
    permission_public = Q()
    audit_parties = ("submission__solver",)

    class Meta:
        ordering = ["challenge_id", "-amount_fen", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="challenge_award_positive")
        ]

    def __str__(self) -> str:
        return f"award of {self.amount_fen} fen to submission {self.submission_id}"
