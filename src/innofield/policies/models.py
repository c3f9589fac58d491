"""Policies with measures, targets bound to indicators, and implementation tasks."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innofield.registry.models import Organization, Region

from .lifecycle import POLICY, TASK, Machine


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
