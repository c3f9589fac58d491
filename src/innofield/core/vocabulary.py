"""The words that pages show from data — states and transitions of every lifecycle,
kinds, roles, tiers, modes — named here as literals so the translation catalogue has
them (``{% translate obj.state %}`` looks the value up at run time).
``tests/web/test_translations.py`` checks that every value the apps can produce is here
and translated."""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

WORDS = (
    # lifecycle states
    _("active"), _("agreed"), _("awarded"), _("bidding"), _("cancelled"), _("checked_in"),
    _("clawed_back"), _("closed"), _("completed"), _("confirmed"), _("declined"),
    _("dismissed"), _("done"), _("draft"), _("dropped"), _("due"), _("expired"),
    _("in_force"), _("in_progress"), _("inquiry"), _("negotiation"), _("no_show"), _("open"),
    _("paid"), _("planned"), _("registered"), _("rejected"), _("repealed"), _("requested"),
    _("revoked"), _("signed"), _("terminated"), _("unsold"), _("upheld"), _("withdrawn"),
    _("queued"), _("running"), _("succeeded"), _("failed"),
    # transitions
    _("agree"), _("approve"), _("award"), _("book"), _("cancel"), _("check_in"),
    _("check_out"), _("close"), _("close_bidding"), _("complete"), _("decline"), _("dismiss"),
    _("drop"), _("enact"), _("expire"), _("fail_bidding"), _("fall_due"), _("finish"),
    _("inquire"), _("negotiate"), _("open_bidding"), _("pay"), _("plan"), _("publish"),
    _("raise"), _("register"), _("reject"), _("release"), _("relist"), _("reopen"),
    _("repeal"), _("request"), _("revoke"), _("sign"), _("start"), _("terminate"),
    _("uphold"), _("win"), _("withdraw"), _("submit"), _("succeed"), _("retry"), _("fail"),
    # kinds of items and demands
    _("technology"), _("instrument"), _("service"), _("expert"), _("computing"),
    _("capital"), _("space"), _("dataset"), _("finance"), _("talent"), _("testing"),
    # talent: profile consent, demands, consultations, kinds of people
    _("private"), _("published"), _("erased"), _("create"), _("consent"), _("erase"),
    _("filled"), _("archived"), _("fill"), _("archive"), _("accepted"), _("accept"),
    _("researcher"), _("engineer"),
    # roles, tiers, modes, account kinds, statistics
    _("member"), _("manager"), _("officer"), _("admin"),
    _("internal"), _("academic"), _("industry"), _("cross_region"),
    _("reimburse"), _("direct"),
    _("org"), _("programme"), _("clearing"), _("external"),
    _("count"), _("sum"), _("mean"),
)
