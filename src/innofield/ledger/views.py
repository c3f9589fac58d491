"""Web pages of the ledger: your accounts and an account's statement."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from innofield.core.errors import NotFound

from . import queries


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    """The ledger accounts of the user's organizations (all for platform admins)."""
    rows = [queries.balance_of(a) for a in queries.accounts(request.user)[:500]]
    return render(request, "ledger/account_list.html", {"accounts": rows})


@login_required
def account_statement(request: HttpRequest, code: str) -> HttpResponse:
    """An account's statement between optional ``start`` and ``end`` dates."""
    try:
        account = queries.visible_account(request.user, code)
    except NotFound as exc:
        raise Http404(code) from exc
    start, end = _date(request.GET.get("start")), _date(request.GET.get("end"))
    st = queries.statement(account.code, start, end)
    return render(request, "ledger/statement.html", {"st": st, "start": start, "end": end})
