"""The observatory's network page: who works with whom on the platform, drawn as an SVG
picture (no script) with the tables of central, bridging and core organisations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innofield.core.errors import NotAuthenticated, PermissionDenied
from innofield.registry.models import Organization

from . import network
from .actions import may_refresh

#: Community colours (ColorBrewer Set1/Dark2, readable on white); the rest grey.
PALETTE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#377eb8",
    "#e41a1c",
    "#984ea3",
)
WIDTH, HEIGHT, PAD = 960, 620, 24


def require_analyst(actor: Any) -> None:
    """The network shows who dealt with whom: platform admins and the officers of
    government bodies (who also refresh the observatory) may see it."""
    if actor is not None and actor.is_authenticated and may_refresh(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("log in to see the collaboration network"))
    raise PermissionDenied(
        _(
            "the collaboration network shows who dealt with whom: platform admins and "
            "officers of government bodies may see it"
        )
    )


def picture(payload: dict[str, Any]) -> dict[str, Any]:
    """Screen coordinates of the strongest nodes and of the links among them."""
    zh = (get_language() or "en").startswith("zh")
    shown = payload["nodes"][: network.PICTURE_NODES]
    top = max((n["strength"] for n in shown), default=1.0) or 1.0
    at = {}
    circles = []
    for n in shown:
        x = PAD + n["x"] * (WIDTH - 2 * PAD)
        y = PAD + n["y"] * (HEIGHT - 2 * PAD)
        at[n["code"]] = (x, y)
        circles.append(
            {
                **n,
                "cx": round(x, 1),
                "cy": round(y, 1),
                "r": round(3 + 9 * (n["strength"] / top) ** 0.5, 1),
                "fill": PALETTE[n["community"]] if n["community"] < len(PALETTE) else "#999",
                "label": n["name_zh"] if zh else n["name_en"],
                "bridge": n["communities_reached"] >= 2 and n["participation"] > 0.3,
            }
        )
    lines = [
        {
            "x1": round(at[e["source"]][0], 1),
            "y1": round(at[e["source"]][1], 1),
            "x2": round(at[e["target"]][0], 1),
            "y2": round(at[e["target"]][1], 1),
            "w": round(min(0.6 + e["weight"] * 0.4, 4.0), 2),
            "kinds": ", ".join(sorted(e["kinds"])),
        }
        for e in payload["links"]
        if e["source"] in at and e["target"] in at
    ]
    return {"circles": circles, "lines": lines, "width": WIDTH, "height": HEIGHT}


def network_page(request: HttpRequest) -> HttpResponse:
    """The collaboration network of the kinds ticked (all by default)."""
    title = _("Collaboration network")
    try:
        require_analyst(request.user)
    except PermissionDenied as exc:
        return render(
            request,
            "dashboards/problem.html",
            {"title": title, "problem": str(exc)},
            status=403 if request.user.is_authenticated else 401,
        )
    labels = network.kinds()
    chosen = [k for k in request.GET.getlist("kind") if k in labels] or list(labels)
    payload = network.network(chosen)
    zh = (get_language() or "en").startswith("zh")
    types = dict(Organization.Type.choices)
    for n in payload["nodes"]:
        n["name"] = n["name_zh"] if zh else n["name_en"]
        n["region"] = n["region_zh"] if zh else n["region_en"]
        n["type_label"] = str(types.get(n["type"], n["type"]))
    context = {
        "title": title,
        "data": payload,
        "kinds": [
            (k, label, k in chosen, payload["summary"]["kinds"].get(k, 0))
            for k, label in labels.items()
        ],
        "central": sorted(payload["nodes"], key=lambda n: -n["betweenness"])[:15],
        "bridges": network.bridges(payload),
        "core": [n for n in payload["nodes"] if n["in_core"]][:30],
        "picture": picture(payload),
        "palette": PALETTE,
    }
    return render(request, "dashboards/network.html", context)
