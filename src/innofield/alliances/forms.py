"""Forms of the data-sharing pages; each cleans to what its action takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.registry.models import Organization

from .models import DataPolicy


def _names(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


class DataPolicyForm(forms.Form):
    """A dataset's usage policy; lists are comma-separated."""

    access = forms.ChoiceField(
        label=_("Who may get at the data"), choices=DataPolicy.Access.choices
    )
    purposes = forms.CharField(
        label=_("Purposes allowed"),
        required=False,
        help_text=_("comma-separated; empty: any stated purpose"),
    )
    max_days = forms.IntegerField(label=_("Longest agreement (days)"), min_value=1, max_value=3650)
    withheld = forms.CharField(
        label=_("Columns never released"),
        required=False,
        help_text=_("comma-separated column names"),
    )
    min_cell = forms.IntegerField(label=_("Smallest group reported"), min_value=1, max_value=3650)
    attribution = forms.CharField(label=_("Attribution required"), max_length=300, required=False)
    onward_transfer = forms.BooleanField(label=_("Users may pass the data on"), required=False)
    cross_border = forms.BooleanField(label=_("Data may leave the country"), required=False)

    @classmethod
    def for_policy(cls, policy: DataPolicy, data: Any = None) -> DataPolicyForm:
        """The form filled with ``policy``."""
        return cls(
            data,
            initial={
                "access": policy.access,
                "purposes": ", ".join(policy.purposes),
                "max_days": policy.max_days,
                "withheld": ", ".join(policy.withheld),
                "min_cell": policy.min_cell,
                "attribution": policy.attribution,
                "onward_transfer": policy.onward_transfer,
                "cross_border": policy.cross_border,
            },
        )

    def policy_data(self) -> dict[str, Any]:
        """The values as :func:`~.actions.set_policy` takes them."""
        d = dict(self.cleaned_data)
        d["purposes"], d["withheld"] = _names(d["purposes"]), _names(d["withheld"])
        return d


class TableForm(forms.Form):
    """The dataset's content: a CSV file."""

    file = forms.FileField(label=_("CSV file (header first)"))


class RequestForm(forms.Form):
    """A request for access."""

    organization = forms.ChoiceField(label=_("On behalf of"))
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    days = forms.IntegerField(label=_("For how many days"), min_value=1, max_value=3650)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(o.code, str(o)) for o in organizations]


class AggregateForm(forms.Form):
    """A group-statistics query."""

    group_by = forms.CharField(label=_("Group by (columns, comma-separated)"), max_length=300)
    stat = forms.ChoiceField(
        label=_("Statistic"),
        choices=[("count", _("count")), ("sum", _("sum")), ("mean", _("mean"))],
    )
    measure = forms.CharField(label=_("Of column"), max_length=300, required=False)
