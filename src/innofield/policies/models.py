"""Policies with measures, targets bound to indicators, and implementation tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innofield.registry.models import Organization, Region

from .lifecycle import EVALUATION, POLICY, TASK, Machine


def _choices(machine: Machine) -> list[tuple[str, str]]:
    return [(s, s.replace("_", " ")) for s in machine.states()]


class Policy(models.Model):
    """An innovation policy issued by a government body for a region."""

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    document_number = models.CharField(
        max_length=100, blank=True, help_text="e.g. 苏政发〔2026〕12号"
    )
    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="policies")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="policies")
    summary = models.TextField(blank=True)
    issued_on = models.DateField()
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=_choices(POLICY), default="draft", db_index=True
    )
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "issuer"
    permission_public = ~Q(state__in=["draft", "withdrawn"])

    class Meta:
        ordering = ["-issued_on", "code"]
        verbose_name_plural = "policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="policy_effective_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class Measure(models.Model):
    """One measure of a policy and the organisations responsible for it."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="measures")
    seq = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    responsible = models.ManyToManyField(Organization, blank=True, related_name="+")

    permission_owner = "policy__issuer"
    permission_public = ~Q(policy__state__in=["draft", "withdrawn"])

    class Meta:
        ordering = ["policy", "seq"]
        constraints = [models.UniqueConstraint(fields=["policy", "seq"], name="measure_seq_once")]

    def __str__(self) -> str:
        return f"{self.policy.code}/{self.seq} {self.title[:60]}"


class Target(models.Model):
    """A measurable target of a measure: an indicator in a region to reach by a date."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(
        max_length=80, help_text="a platform metric (see policies.metrics) or stats:<code>"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    baseline = models.FloatField(null=True, blank=True)
    target = models.FloatField()
    due_on = models.DateField()

    permission_owner = "measure__policy__issuer"
    permission_public = ~Q(measure__policy__state__in=["draft", "withdrawn"])

    class Meta:
        ordering = ["measure", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.indicator} → {self.target} by {self.due_on}"


class Task(models.Model):
    """An implementation task of a measure: who does what by when, with evidence."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    responsible = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField()
    state = models.CharField(
        max_length=12, choices=_choices(TASK), default="planned", db_index=True
    )
    evidence = models.TextField(blank=True, help_text=_("what shows the task is done"))
    done_on = models.DateField(null=True, blank=True)

    permission_owner = "measure__policy__issuer"
    permission_public = ~Q(measure__policy__state__in=["draft", "withdrawn"])
    audit_parties = ("responsible",)

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.title[:60]} ({self.responsible.code}, {self.deadline})"


class Evaluation(models.Model):
    """An evaluation of a policy's effect: treated units (provinces or organisations) with
    their adoption periods, an outcome and a design, run as a background job on the job
    queue; the panel it used and its results are kept, so a report can be filed again.

    ``outcome`` is ``stats:<code>`` (a yearbook indicator, provinces by year), a platform
    metric of :data:`innofield.policies.panels.PLATFORM` (organisations by month), or
    ``panel`` (rows given with the evaluation, e.g. the demo's synthetic firm panel).
    Periods are years (``"2015"``) or months (``"2025-03"``).
    """

    DESIGNS = [
        ("did", "Callaway & Sant'Anna DiD"),
        ("twfe", "two-way fixed effects"),
        ("synth", "synthetic control"),
        ("before_after", "before/after with trend"),
    ]
    UNIT_KINDS = [("province", "province"), ("organization", "organization")]
    CONTROLS = [("never", "never treated"), ("notyet", "not yet treated")]

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField(max_length=300)
    unit_kind = models.CharField(max_length=12, choices=UNIT_KINDS, default="province")
    outcome = models.CharField(max_length=80)
    outcome_label = models.CharField(
        max_length=200, blank=True, help_text=_("what the outcome measures, in words")
    )
    log_outcome = models.BooleanField(default=False)
    design = models.CharField(max_length=12, choices=DESIGNS, default="did")
    control = models.CharField(max_length=8, choices=CONTROLS, default="never")
    treated = models.JSONField(default=list, help_text="[{unit, adoption}] adoption: a period")
    start = models.CharField(max_length=7)
    end = models.CharField(max_length=7)
    panel = models.JSONField(null=True, blank=True, help_text="rows used: [[unit, period, y]]")
    source_note = models.TextField(blank=True, help_text=_("where the adoption dates come from"))
    state = models.CharField(
        max_length=10, choices=_choices(EVALUATION), default="queued", db_index=True
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    permission_owner = "policy__issuer"
    permission_public = ~Q(policy__state__in=["draft", "withdrawn"])

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"evaluation {self.pk} of {self.policy.code}: {self.title[:60]}"
