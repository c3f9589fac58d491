"""Settings as data: one table, validated at start-up, documented from the same table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from innofield import config

ROOT = Path(__file__).resolve().parents[2]


def start(env: dict[str, str], code: str = "") -> subprocess.CompletedProcess[str]:
    """Import the settings (and run ``code``) in a fresh interpreter with ``env`` added."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("INNOFIELD_", "DATABASE"))}
    environ.update(env, DJANGO_SETTINGS_MODULE="innofield.settings")
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_readme_table_is_the_settings_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start_mark, end_mark = "<!-- settings-table:start -->", "<!-- settings-table:end -->"
    assert start_mark in readme and end_mark in readme, "README lost its settings table markers"
    table = readme.split(start_mark, 1)[1].split(end_mark, 1)[0].strip()
    assert table == config.markdown_table(), "run `innofield settings` and paste it into README"


def test_every_variable_the_code_reads_is_in_the_table() -> None:
    import re

    names = set()
    for path in (ROOT / "src" / "innofield").rglob("*.py"):
        names |= set(
            re.findall(
                r"environ(?:\.get)?\(\s*[\"'](INNOFIELD_\w+|DATABASE_URL)",
                path.read_text(encoding="utf-8"),
            )
        )
        names |= set(re.findall(r"ENV\[\"(\w+)\"\]", path.read_text(encoding="utf-8")))
    assert names, "the scan found no settings at all"
    assert names <= set(config.BY_NAME), sorted(names - set(config.BY_NAME))


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("INNOFIELD_API_RATES", "anon=600", "anon: expected N/s"),
        ("INNOFIELD_API_RATES", "everyone=5/m", "expected anon=RATE"),
        ("INNOFIELD_DEBUG", "maybe", "expected 1 or 0"),
        ("INNOFIELD_MAX_UPLOAD_BYTES", "5MB", "expected a whole number"),
        ("INNOFIELD_EMBEDDING_PRECISION", "fp16", "expected one of fp32, bf16, auto"),
        ("DATABASE_URL", "mysql://x/y", "expected a URL starting with sqlite://"),
        ("INNOFIELD_LOGIN_LIMITS", "10,5,60,50", "slow-down count <= lock count"),
    ],
)
def test_a_malformed_value_refuses_start_up_naming_the_variable(
    name: str, value: str, reason: str
) -> None:
    with pytest.raises(config.ConfigError) as exc:
        config.load({name: value})
    assert f"{name}: " in str(exc.value) and reason in str(exc.value)


def test_settings_module_refuses_to_import_with_a_bad_value() -> None:
    run = start({"INNOFIELD_API_RATES": "anon=lots"})
    assert run.returncode != 0
    assert "INNOFIELD_API_RATES: anon: expected" in run.stderr


def test_defaults_parse() -> None:
    values = config.load({})
    assert values["INNOFIELD_API_RATES"] == {"anon": "600/m", "auth": "off"}
    assert values["INNOFIELD_LOGIN_LIMITS"] == (5, 10, 3600, 50)
    assert "testserver" not in values["INNOFIELD_ALLOWED_HOSTS"]


def test_sqlite_url_keeps_the_sqlite_settings(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS'];"
        "print(o['transaction_mode'], o['timeout'], 'journal_mode=WAL' in o['init_command'])"
    )
    named = start({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}, code)
    default = start({"INNOFIELD_DATA_DIR": str(tmp_path)}, code)
    assert named.returncode == 0, named.stderr
    assert named.stdout.split() == default.stdout.split() == ["IMMEDIATE", "30", "True"]


def test_production_problems_name_what_to_set() -> None:
    assert config.production_problems(config.load({"INNOFIELD_SECRET_KEY": "s" * 50})) == []
    problems = config.production_problems(config.load({}))
    assert len(problems) == 1 and problems[0].startswith("INNOFIELD_SECRET_KEY is not set")
    weak = config.load(
        {
            "INNOFIELD_SECRET_KEY": config.DEV_SECRET_KEY,
            "INNOFIELD_ALLOWED_HOSTS": "example.org,testserver",
        }
    )
    text = "\n".join(config.production_problems(weak))
    assert "public development key" in text and "`testserver`" in text


def test_serve_refuses_without_a_secret_key(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("INNOFIELD_", "DATABASE"))}
    environ["INNOFIELD_DATA_DIR"] = str(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "innofield.cli", "serve", "--port", "1"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert "refusing to serve" in run.stderr and "INNOFIELD_SECRET_KEY is not set" in run.stderr
