"""Forms of the alliance and project pages; each cleans to what its action takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField

DATE = forms.DateInput(attrs={"type": "date"})


class ApplyForm(forms.Form):
    """An application to join an alliance."""

    organization = forms.ChoiceField(label=_("Organisation"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("core", _("core")), ("ordinary", _("ordinary")), ("observer", _("observer"))],
        initial="ordinary",
    )
    motivation = forms.CharField(
        label=_("Why join"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]


class FeeForm(forms.Form):
    """The year whose fee is paid."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class PoolForm(forms.Form):
    """A resource pooled at member terms."""

    item = forms.TypedChoiceField(label=_("Resource"), coerce=int)
    member_price = YuanField(
        label=_("Member price per hour (yuan, instruments)"), required=False, min_fen=0
    )
    terms = forms.CharField(
        label=_("Member terms"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = items  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    """A new joint project (draft)."""

    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    lead = forms.ChoiceField(label=_("Lead organisation"))
    budget = YuanField(label=_("Total budget"), min_fen=1)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    alliance = forms.CharField(label=_("Alliance code (optional)"), required=False, max_length=40)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = organizations  # type: ignore[attr-defined]


class PartnerForm(forms.Form):
    """A partner and its budget."""

    organization = forms.CharField(label=_("Organisation code"), max_length=40)
    budget = YuanField(label=_("Partner budget"))


class PackageForm(forms.Form):
    """A work package."""

    code = forms.CharField(label=_("Code"), max_length=20, initial="WP1")
    title = forms.CharField(label=_("Title"), max_length=300)
    leader = forms.CharField(label=_("Leading partner (code)"), max_length=40)


class MilestoneForm(forms.Form):
    """A milestone with deliverables and payment."""

    title = forms.CharField(label=_("Title"), max_length=300)
    amount = YuanField(label=_("Payment on acceptance"))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    deliverables = forms.CharField(
        label=_("Deliverables, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    package = forms.CharField(label=_("Work package code"), required=False, max_length=20)

    def clean_deliverables(self) -> list[str]:
        """One deliverable per line."""
        return [x.strip() for x in self.cleaned_data["deliverables"].splitlines() if x.strip()]


class FundingForm(forms.Form):
    """A funder's payment into the project's escrow."""

    funder = forms.ChoiceField(label=_("Funder"))
    amount = YuanField(label=_("Amount"), min_fen=1)
    programme = forms.CharField(label=_("Funding programme"), required=False, max_length=200)

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].choices = organizations  # type: ignore[attr-defined]


class IPForm(forms.Form):
    """Foreground shares per partner (percent) and background IP, one ``CODE: title`` a line."""

    background = forms.CharField(
        label=_("Background IP, one per line as CODE: title"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    terms = forms.CharField(
        label=_("Other terms"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in partners:
            self.fields[f"share_{code}"] = forms.CharField(
                label=_("Foreground share of %(name)s (%%)") % {"name": name}, max_length=12
            )

    def background_list(self) -> list[dict[str, str]]:
        """The background lines as ``[{organization, title}]``."""
        out = []
        for line in self.cleaned_data["background"].splitlines():
            code, _sep, title = line.partition(":")
            if line.strip():
                out.append({"organization": code.strip(), "title": title.strip()})
        return out

    def shares(self) -> dict[str, str]:
        """The shares by partner code."""
        return {
            name.removeprefix("share_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("share_")
        }


class ResultForm(forms.Form):
    """A project result to register as a co-owned technology."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ip_status = forms.ChoiceField(
        label=_("IP status"),
        choices=[
            ("patent_pending", _("patent pending")),
            ("patent_granted", _("patent granted")),
            ("software_copyright", _("software copyright")),
            ("know_how", _("know-how")),
            ("none", _("none")),
        ],
    )
    field = forms.CharField(label=_("Field"), required=False, max_length=80)
    trl = forms.IntegerField(label=_("TRL"), required=False, min_value=1, max_value=9)


class MilestoneActForm(forms.Form):
    """Evidence (submit) or review note (accept, reject)."""

    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    review = forms.CharField(label=_("Review note"), required=False, max_length=2000)
