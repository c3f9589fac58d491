"""Forms of the challenge pages; each cleans to what its action takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField
from innofield.registry.models import Organization

WHEN = forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
#: The criteria a new challenge form starts with (name|label|weight|max per line).
DEFAULT_CRITERIA = "novelty|Novelty|30|10\nfeasibility|Feasibility|40|10\ncost|Cost|30|10"


class ChallengeForm(forms.Form):
    """A new challenge (a draft the poster publishes later)."""

    poster = forms.ChoiceField(label=_("Posted by"))
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("The problem"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    prize = YuanField(label=_("Prize (yuan)"), min_fen=1)
    deadline = forms.DateTimeField(label=_("Submissions close"), widget=WHEN)
    award_deadline = forms.DateTimeField(
        label=_("Award by (optional; default 30 days after)"), required=False, widget=WHEN
    )
    criteria = forms.CharField(
        label=_("Judging criteria: one per line, name|label|weight %|highest score"),
        initial=DEFAULT_CRITERIA,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    min_score = forms.IntegerField(
        label=_("Score that qualifies for the prize (0–100)"),
        min_value=0,
        max_value=100,
        initial=60,
    )
    judges = forms.CharField(label=_("Judges (user names, comma-separated)"), max_length=1_000)
    regions = forms.MultipleChoiceField(label=_("Eligible regions (none: all)"), required=False)
    org_types = forms.MultipleChoiceField(
        label=_("Eligible organisation types (none: all)"),
        required=False,
        choices=Organization.Type.choices,
    )
    foreign_allowed = forms.BooleanField(
        label=_("Foreign solvers may take part"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[tuple[str, str]],
        regions: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["poster"].choices = organizations  # type: ignore[attr-defined]
        self.fields["regions"].choices = regions  # type: ignore[attr-defined]

    def clean_criteria(self) -> list[dict[str, Any]]:
        """Lines ``name|label|weight|max`` as criteria (the action checks the rest)."""
        out: list[dict[str, Any]] = []
        for n, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4 or not parts[2].isdigit() or not parts[3].isdigit():
                raise forms.ValidationError(
                    _("line %(n)s: write name|label|weight|highest score") % {"n": n}
                )
            out.append(
                {"name": parts[0], "label": parts[1], "weight": int(parts[2]), "max": int(parts[3])}
            )
        return out

    def clean_judges(self) -> list[str]:
        """User names, comma- or space-separated."""
        raw = self.cleaned_data["judges"].replace(",", " ").split()
        return [name for name in raw if name]


class SubmissionForm(forms.Form):
    """A solution for one of the user's organisations."""

    solver = forms.ChoiceField(label=_("Solver"))
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("The solution"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["solver"].choices = organizations  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    """A judge's scores, one field per criterion (``score_<name>``)."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, criteria: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c['name']}"] = forms.DecimalField(
                label=f"{c['label']} (0–{c['max']}, {c['weight']} %)",
                min_value=0,
                max_value=c["max"],
                decimal_places=2,
            )

    def scores(self) -> dict[str, float]:
        """The cleaned scores by criterion name."""
        return {c["name"]: float(self.cleaned_data[f"score_{c['name']}"]) for c in self.criteria}
