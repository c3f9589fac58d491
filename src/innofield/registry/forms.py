"""Forms of the registry's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.countries import country_choices


class OrganizationForm(forms.Form):
    """An organisation's profile as its managers edit it: names, description, website,
    country and (for foreign-funded R&D centres) the parent company and its country."""

    name_zh = forms.CharField(label=_("name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    country = forms.ChoiceField(label=_("country"))
    parent_company = forms.CharField(label=_("parent company"), max_length=200, required=False)
    parent_country = forms.ChoiceField(label=_("parent company's country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code, f"{name} ({code})") for code, name in country_choices()]
        self.fields["country"].choices = choices  # type: ignore[attr-defined]
        self.fields["parent_country"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
