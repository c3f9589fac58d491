"""The import contracts of pyproject.toml hold, and they catch each kind of violation.

Each violation test copies the package's Python files to a temporary folder, adds one
module that breaks a rule of DESIGN.md §3 and runs ``lint-imports`` with the project's
own configuration on the copy: the run must fail and name the broken import.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "innofield"
CONFIG = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(CONFIG)],
        cwd=src,
        env={"PYTHONPATH": str(src), "PATH": str(LINT_IMPORTS.parent), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _python_only(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()}


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "innofield"
    shutil.copytree(SOURCE, target, ignore=_python_only)
    return target


def test_the_source_keeps_every_contract() -> None:
    result = _lint(SOURCE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


VIOLATIONS = {
    "an app imports the CLI": ("booking/_bad.py", "from innofield.cli import app\n", "cli"),
    "an app imports the API wiring": ("market/_bad.py", "import innofield.urls\n", "urls"),
    "core imports an app": ("core/_bad.py", "from innofield.booking import models\n", "booking"),
    "a pure library imports core": (
        "observatory/_bad.py",
        "from innofield.core import errors\n",
        "innofield.core",
    ),
    "a pure library imports Django": ("matching/_bad.py", "import django.db\n", "django"),
    "the ledger imports a product app": (
        "ledger/_bad.py",
        "from innofield.vouchers import models\n",
        "innofield.vouchers",
    ),
    "a new pure library imports Django": (
        "allocation/solver.py",
        "import django\n",
        "django",
    ),
    "a new pure library imports an app": (
        "evaluation/did.py",
        "import innofield.catalog.models\n",
        "innofield.catalog",
    ),
    "a new top-level package is in no layer": ("newapp/models.py", "import os\n", "newapp"),
}


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_a_violation_breaks_a_contract(tmp_path: Path, case: str) -> None:
    relative, code, named = VIOLATIONS[case]
    package = _copy(tmp_path)
    module = package / relative
    if not module.parent.exists():
        module.parent.mkdir()
        (module.parent / "__init__.py").write_text('"""A package in the making."""\n')
    module.write_text(f'"""A deliberate violation: {case}."""\n\n{code}')
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and named in result.stdout, result.stdout


def test_every_product_app_is_forbidden_to_the_ledger() -> None:
    """A new app placed in the apps layer must also be listed in the ledger contract."""
    contracts = tomllib.loads(CONFIG.read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["id"] == "layers")["layers"]
    apps = {name.strip("() ") for name in layers[2].split(":")}
    ledger = next(c for c in contracts if c["id"] == "ledger")
    forbidden = {m.removeprefix("innofield.") for m in ledger["forbidden_modules"]}
    foundations = {"ledger", "registry"}  # what the ledger itself stands on
    assert apps - foundations <= forbidden, apps - foundations - forbidden
