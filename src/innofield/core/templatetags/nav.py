"""Navigation links that mark the current page (``aria-current="page"``)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context: template.Context, url_name: str, label: str) -> SafeString:
    """A link to ``url_name``; marked current when the page is at or below its URL."""
    url = reverse(url_name) if not url_name.startswith("/") else url_name
    request = context.get("request")
    path = getattr(request, "path", "")
    current = path == url or (url != "/" and path.startswith(url))
    if current:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)
