"""Web pages through the in-process client: browse, detail, forms, login, language."""

from __future__ import annotations

from innofield.catalog import actions
from innofield.catalog.models import Item

TECH = {
    "kind": "technology",
    "title": "Quantum dot display film",
    "owner": "LAB",
    "trl": 6,
    "description": "Cadmium-free quantum dots.",
}


def test_public_pages_render(world, client):
    item = actions.create_item(actor=world.labber, data=TECH)
    for url in [
        "/",
        "/catalog/",
        "/catalog/?kind=technology&region=320000&q=quantum",
        f"/items/{item.pk}/",
        "/organizations/",
        "/organizations/LAB/",
        "/regions/",
        "/regions/320000/",
        "/demands/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Quantum dot display film" in client.get("/catalog/?q=quantum").content.decode()
    assert "Quantum dot" not in client.get("/catalog/?q=graphene").content.decode()
    assert client.get("/items/999999/").status_code == 404
    assert client.get("/organizations/NOPE/").status_code == 404


def test_htmx_gets_only_the_result_list(world, client):
    actions.create_item(actor=world.labber, data=TECH)
    response = client.get("/catalog/?q=quantum", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Quantum dot display film" in html and "<html" not in html


def test_create_item_through_the_form(world, client):
    assert client.get("/items/new/").status_code == 302  # login required
    client.force_login(world.labber)
    response = client.post(
        "/items/new/",
        {
            "kind": "technology",
            "title": "Form-made tech",
            "owner": "LAB",
            "trl": "3",
            "keywords": "a; b",
            "details": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get(title="Form-made tech")
    assert item.keywords == ["a", "b"] and response["Location"] == f"/items/{item.pk}/"


def test_form_shows_action_errors_and_writes_nothing(world, client):
    client.force_login(world.labber)
    response = client.post(
        "/items/new/",
        {"kind": "service", "title": "Svc", "owner": "LAB", "d_service_turnaround_days": "3"},
    )
    assert response.status_code == 200  # the kind's required detail is missing
    assert "Service type: Field required" in response.content.decode()
    assert not Item.objects.exists()


def test_edit_is_refused_for_other_organizations(world, client):
    item = actions.create_item(actor=world.labber, data=TECH)
    client.force_login(world.rivaler)
    page = client.get(f"/items/{item.pk}/").content.decode()
    assert f"/items/{item.pk}/edit/" not in page
    response = client.post(
        f"/items/{item.pk}/edit/", {"kind": "technology", "title": "Taken over", "owner": "LAB"}
    )
    assert "owning organization" in response.content.decode()
    item.refresh_from_db()
    assert item.title == TECH["title"]


def test_login_and_language_switch(world, client):
    response = client.post("/accounts/login/", {"username": "labber", "password": world.password})
    assert response.status_code == 302
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True)
    assert "目录" in response.content.decode()


def test_api_docs_work_offline(db, client):
    """Swagger UI comes from the package's static files, not a CDN."""
    import re

    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        response = client.get(asset)
        response.close()  # a streamed file
        assert response.status_code == 200, asset


def test_pages_have_a_skip_link_a_favicon_and_mark_the_current_section(world, client):
    html = client.get("/catalog/").content.decode()
    assert '<a class="skip" href="#main">' in html and '<main id="main">' in html
    assert 'rel="icon"' in html
    assert '<a href="/catalog/" aria-current="page">' in html
    assert 'href="/market/" aria-current' not in html


def test_item_pages_show_readable_details_and_mark_invented_fields(world, client):
    from innofield.catalog.models import Item

    item = Item.objects.create(
        kind="technology",
        title="Perovskite ink",
        owner=world.lab,
        region=world.nj,
        details={"trade_modes": ["license", "development"], "synthetic_fields": ["owner", "trl"]},
    )
    html = client.get(f"/items/{item.pk}/").content.decode()
    assert "license, development" in html and "['license'" not in html
    assert "trade modes" in html
    assert "Invented for the demo" in html and "owner, trl" in html
