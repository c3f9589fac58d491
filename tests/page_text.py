"""What a rendered page says, for tests that read it as a person would: a client logged in
with a language, and the refusals a page shows (flash messages and form errors) as text."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client
from tests.conftest import PASSWORD


def client_in(user: Any, lang: str) -> Client:
    """A test client logged in as ``user`` that asks for pages in ``lang``."""
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def errors_shown(page: Any) -> list[str]:
    """The refusals a page shows: flash messages and form errors, as text."""
    text = page.content.decode()
    found = re.findall(r'class="msg error">(.*?)</p>', text, re.S)
    found += re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", f)).strip() for f in found]
