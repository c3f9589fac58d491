"""The demo data set and the command line, on the real database."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from innofield.catalog.models import Demand, Item
from innofield.cli import app
from innofield.demo.load import load_demo
from innofield.registry.models import CooperationBase, Membership, Organization, Region

runner = CliRunner()


@pytest.mark.django_db
def test_demo_holds_real_data_and_demo_logins(client):
    counts = load_demo()
    assert Region.objects.filter(level="province").count() == 31
    assert Organization.objects.count() >= 500
    assert Organization.objects.filter(type="state_key_lab").count() >= 470
    # the 5,183 research achievements, plus the results the demo's joint projects registered
    results = Item.objects.filter(kind="technology", source__startswith="joint project").count()
    assert Item.objects.filter(kind="technology").count() - results == 5183
    assert Item.objects.filter(kind="instrument", synthetic=True).count() > 300
    assert Item.objects.filter(kind="service").exists() and Demand.objects.count() >= 300
    assert counts["stat_values"] > 20000
    # labs sit in their provinces: the State Key Lab list puts 133 labs in Beijing
    assert Organization.objects.filter(type="state_key_lab", region__code="110000").count() >= 120
    # international actors, all synthetic: five abroad, three foreign R&D centres with parents
    abroad = Organization.objects.exclude(country="CN")
    assert sorted(abroad.values_list("country", flat=True)) == ["DE", "GB", "JP", "SG", "US"]
    assert all(o.region.code == o.country and o.synthetic for o in abroad)
    centres = Organization.objects.filter(type="foreign_rd_centre")
    assert centres.count() == 3 and all(c.parent_company and c.parent_country for c in centres)
    assert not CooperationBase.objects.filter(synthetic=False).exists()
    assert CooperationBase.objects.count() == counts["cooperation_bases"] == 5
    response = client.get("/api/items", {"kind": "technology"})
    assert response.json()["count"] == 5183 + results
    for username in ("demo-admin", "demo-firm", "demo-lab", "demo-gov"):
        assert client.login(username=username, password="innofield-demo")
    assert get_user_model().objects.get(username="demo-admin").is_superuser
    assert Membership.objects.get(user__username="demo-lab").organization.type == "state_key_lab"
    with pytest.raises(RuntimeError, match="empty database"):
        load_demo()


def test_createuser_takes_the_password_from_the_environment(world, monkeypatch):
    monkeypatch.delenv("INNOFIELD_PASSWORD", raising=False)
    result = runner.invoke(app, ["createuser", "newbie", "--org", "LAB", "--role", "member"])
    assert result.exit_code == 1 and "INNOFIELD_PASSWORD" in result.output
    monkeypatch.setenv("INNOFIELD_PASSWORD", "a-long-enough-secret")
    result = runner.invoke(app, ["createuser", "newbie", "--org", "LAB", "--role", "member"])
    assert result.exit_code == 0, result.output
    assert Membership.objects.get(user__username="newbie").organization == world.lab


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["createuser", "x1", "--org", "NOPE"], "no organization with code 'NOPE'"),
        (["createuser", "x2", "--org", "LAB", "--role", "emperor"], "unknown role 'emperor'"),
        (["createuser", "labber", "--org", "LAB"], "already taken"),
        (["createuser", "x3"], "org: is required"),
    ],
)
def test_createuser_errors_are_one_clear_line(world, monkeypatch, args, message):
    monkeypatch.setenv("INNOFIELD_PASSWORD", "a-long-enough-secret")
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and message in result.output
    assert not get_user_model().objects.filter(username__in=["x1", "x2", "x3"]).exists()


def test_load_items_cli_is_all_or_nothing(world, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(
        "kind,title,owner,trl\ntechnology,Good tech,LAB,3\ntechnology,Bad tech,LAB,99\n"
    )
    result = runner.invoke(app, ["load", "items", str(path), "--as", "labber"])
    assert result.exit_code == 1 and "items.csv:3: trl" in result.output
    assert not Item.objects.exists()
    result = runner.invoke(app, ["load", "items", str(path), "--as", "labber", "--skip-bad"])
    assert result.exit_code == 0 and "created 1, skipped 1" in result.output
