"""Forms of the talent pages; each cleans to what its action takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField

PARTS = [
    ("fields", _("Fields")),
    ("skills", _("Skills")),
    ("organization", _("Current organisation")),
    ("history", _("Organisation history")),
    ("region", _("Region")),
    ("languages", _("Languages")),
    ("mobility", _("Willingness to consult across regions")),
    ("availability", _("Consultation hours")),
    ("bio", _("Short bio")),
]


class ConsentForm(forms.Form):
    """What the person agrees to show besides their name."""

    shown = forms.MultipleChoiceField(
        label=_("Show on my public profile"),
        choices=PARTS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class FlowsForm(forms.Form):
    """The period of the talent-flow matrix."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace("，", ",").split(",") if w.strip()]


class ProfileForm(forms.Form):
    """A new profile of the user themselves (private until they consent)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("I am"),
        choices=[
            ("researcher", _("a researcher")),
            ("engineer", _("an engineer")),
            ("expert", _("an expert")),
        ],
    )
    work_fields = forms.CharField(
        label=_("Fields"), required=False, max_length=2000, help_text=_("comma-separated")
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=2000, help_text=_("comma-separated")
    )
    organization = forms.CharField(
        label=_("Current organisation (code)"), required=False, max_length=80
    )
    region = forms.CharField(label=_("Region (code)"), required=False, max_length=20)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=200,
        help_text=_("comma-separated, e.g. zh, en"),
    )
    consults_across_regions = forms.BooleanField(
        label=_("I am willing to consult across regions"), required=False
    )
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_work_fields(self) -> list[str]:
        """A list of fields of work."""
        return _words(self.cleaned_data["work_fields"])

    def clean_skills(self) -> list[str]:
        """A list of skills."""
        return _words(self.cleaned_data["skills"])

    def clean_languages(self) -> list[str]:
        """A list of language codes."""
        return _words(self.cleaned_data["languages"])


class MoveForm(forms.Form):
    """A move to another organisation and region."""

    to_region = forms.CharField(label=_("New region (code)"), max_length=20)
    to_organization = forms.CharField(
        label=_("New organisation (code)"), required=False, max_length=80
    )
    moved_on = forms.DateField(label=_("Moved on"), widget=forms.DateInput(attrs={"type": "date"}))


class ConsultationForm(forms.Form):
    """A request for hours of an expert's time for one of the user's organisations."""

    organization = forms.ChoiceField(label=_("For organisation"))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    wanted_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label=_("Start time (the expert's time zone)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave empty to ask for hours at any time that day."),
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=8, initial=1)

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = organizations


class AvailabilityForm(forms.Form):
    """The expert's consultation calendar, typed as lines (weekly hours, days off)."""

    accepts_requests = forms.BooleanField(
        label=_("I take consultation requests"), required=False, initial=True
    )
    zone = forms.CharField(label=_("Time zone"), max_length=64, initial="Asia/Shanghai")
    weekly = forms.CharField(
        label=_("Weekly hours"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One range a line, e.g. Mon 09:00-12:00 (Mon … Sun, or 0 … 6)."),
    )
    max_hours_day = forms.IntegerField(
        label=_("At most hours a day"), min_value=1, max_value=24, required=False
    )
    max_hours_week = forms.IntegerField(
        label=_("At most hours a week"), min_value=1, max_value=168, required=False
    )
    days_off = forms.CharField(
        label=_("Days off"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One date a line, e.g. 2026-10-01."),
    )


class AcceptForm(forms.Form):
    """The fee the expert asks for the whole consultation."""

    fee = YuanField(label=_("Fee (yuan)"), min_fen=0)


class DemandForm(forms.Form):
    """A new talent demand of one of the user's organisations."""

    organization = forms.ChoiceField(label=_("Organisation"))
    code = forms.RegexField(label=_("Code"), regex=r"^[A-Za-z0-9_.-]{1,40}$", max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    field = forms.CharField(label=_("Field"), max_length=80, required=False)
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=2000, help_text=_("comma-separated")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    region = forms.CharField(label=_("Only people in region (code)"), required=False, max_length=20)
    languages = forms.CharField(
        label=_("Languages required"),
        required=False,
        max_length=200,
        help_text=_("comma-separated, e.g. en"),
    )
    needs_mobility = forms.BooleanField(
        label=_("Only people who consult across regions"), required=False
    )

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["organization"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = organizations

    def clean_skills(self) -> list[str]:
        """A list of skills."""
        return _words(self.cleaned_data["skills"])

    def clean_languages(self) -> list[str]:
        """A list of language codes."""
        return _words(self.cleaned_data["languages"])
