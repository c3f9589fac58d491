"""Forms of the talent pages; each cleans to what its action takes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

PARTS = [
    ("fields", _("Fields")), ("skills", _("Skills")),
    ("organization", _("Current organisation")), ("history", _("Organisation history")),
    ("region", _("Region")), ("languages", _("Languages")),
    ("mobility", _("Willingness to consult across regions")), ("bio", _("Short bio")),
]


class ConsentForm(forms.Form):
    """What the person agrees to show besides their name."""

    shown = forms.MultipleChoiceField(label=_("Show on my public profile"), choices=PARTS,
                                      widget=forms.CheckboxSelectMultiple, required=False)


class FlowsForm(forms.Form):
    """The period of the talent-flow matrix."""

    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
