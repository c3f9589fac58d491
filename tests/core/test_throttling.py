"""API rate limits: anonymous callers per IP, token holders per token, both configurable."""

from __future__ import annotations

from django.core.cache import cache


def test_anonymous_callers_are_limited_and_told_so(world, api, settings):
    cache.clear()
    settings.INNOFIELD_API_RATES = {"anon": "3/m", "auth": "off"}
    anon = api()
    codes = [anon.get("/api/regions").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = anon.get("/api/regions")
    assert refused.status_code == 429 and refused.json()["detail"]
    assert api(world.labber).get("/api/regions").status_code == 200  # tokens are not limited here
    settings.INNOFIELD_API_RATES = {"anon": "off", "auth": "2/m"}
    lab = api(world.labber)
    assert [lab.get("/api/regions").status_code for _ in range(3)] == [200, 200, 429]
    assert anon.get("/api/regions").status_code == 200
    cache.clear()
