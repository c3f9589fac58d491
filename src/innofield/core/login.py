"""The web login form, with the same brute-force lockout as API tokens (:mod:`.lockout`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import lockout


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form that refuses locked accounts and clients with the reason, and
    counts failures."""

    def clean(self) -> dict[str, Any]:
        """Check the lockout, then the credentials; count the outcome."""
        username = self.cleaned_data.get("username") or ""
        try:
            lockout.check(username, self.request)
        except lockout.LoginLocked as exc:
            raise forms.ValidationError(str(exc), code="locked") from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            lockout.failed(username, self.request)
            raise
        lockout.succeeded(username)
        return cleaned
